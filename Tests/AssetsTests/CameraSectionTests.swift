import Assets
import Foundation
import Spatial
import Testing
import World
import TestSupport

let sceneText = read(repoRoot + "/Scenes/libero_spatial.yaml")

/// libero_spatial with a `cameras:` section appended; the error it must produce.
func cameraError(_ section: String) throws -> AssetError {
    do {
        _ = try SceneLoader.load(text: sceneText + "\n" + section, file: "libero_spatial.yaml", robots: RobotLibrary(directory: robotsDir))
    } catch let e as AssetError {
        return e
    }
    throw CancellationError()
}

func lastLine(of needle: String, in text: String) -> Int {
    (text.components(separatedBy: "\n").lastIndex { $0.contains(needle) } ?? -1) + 1
}

@Test func anUnknownMountIsLocatedWithASuggestion() throws {
    let section = "cameras:\n  - {name: side, mount: wrold, eye: [1, 0, 1], target: [0.5, 0, 0]}\n"
    let e = try cameraError(section)
    let text = sceneText + "\n" + section
    #expect(e.file == "libero_spatial.yaml")
    #expect(e.line == lastLine(of: "mount: wrold", in: text))
    #expect(e.field == "cameras[0].mount")
    #expect(e.hint?.contains("did you mean `world`") == true, "\(e)")
}

@Test func aNegativeFieldOfViewIsLocated() throws {
    let section = "cameras:\n  - {name: agentview, fov_deg: -30}\n"
    let e = try cameraError(section)
    #expect(e.line == lastLine(of: "fov_deg: -30", in: sceneText + "\n" + section))
    #expect(e.field == "cameras[0].fov_deg")
    #expect(e.expected.contains("above 0"))
    #expect(e.description.hasPrefix("libero_spatial.yaml:\(e.line):"))
}

@Test func aZeroWidthIsLocated() throws {
    let section = "cameras:\n  - name: wrist\n    width: 0\n"
    let e = try cameraError(section)
    #expect(e.line == lastLine(of: "width: 0", in: sceneText + "\n" + section))
    #expect(e.field == "cameras[0].width")
    #expect(e.expected.contains("1 to 4096"))
}

@Test func aNewCameraNeedsAMountAndAToolCameraAnArmOfTheRobot() throws {
    let e = try cameraError("cameras:\n  - {name: overhead, fov_deg: 50}\n")
    #expect(e.field == "cameras[0].mount" && e.expected.contains("agentview, wrist"))
    let card = read(robotsDir + "/aloha.yaml")
    do {
        _ = try RobotCardLoader.load(text: card + "\ncameras:\n  - {name: cam_x, mount: tool, arm: lfet}\n", file: "aloha.yaml", directory: robotsDir)
        Issue.record("loaded a camera on an arm that does not exist")
    } catch let e as AssetError {
        #expect(e.field == "cameras[0].arm" && e.hint?.contains("did you mean `left`") == true, "\(e)")
    }
}

@Test func declaredCamerasOverrideAndExtendTheDefaults() throws {
    let section = """
    cameras:
      - {name: agentview, width: 320, height: 240}
      - {name: side, mount: world, eye: [0.5, -1.2, 0.6], target: [0.5, 0, 0.05], fov_deg: 50}
      - {name: flange, mount: tool, xyz: [0, 0, -0.05]}
    """
    let (scene, robot) = try SceneLoader.load(text: sceneText + "\n" + section, file: "libero_spatial.yaml", robots: RobotLibrary(directory: robotsDir))
    let (model, _) = WorldModel.make(scene: scene, robot: robot, seed: 0)
    #expect(model.cameras.map(\.name) == ["agentview", "wrist", "side", "flange"])
    let av = model.camera(named: "agentview")
    #expect(av?.width == 320 && av?.height == 240 && av?.fovYDegrees == 45)
    #expect(model.camera(named: "side")?.mount == .world(eye: Vec3(0.5, -1.2, 0.6), target: Vec3(0.5, 0, 0.05), up: Vec3(0, 0, 1)))
}
