import Assets
import Foundation
import TestSupport
import World

let robots = RobotLibrary(directory: repoRoot + "/Robots")
let scenes = SceneLibrary(directory: repoRoot + "/Scenes")
