import Assets
import Foundation
import Kinematics
import Policy
import Spatial
import World
import TestSupport

let robots = RobotLibrary(directory: repoRoot + "/Robots")

/// A robot card from a shipped one with some text replaced (other conventions).
func robotVariant(_ name: String, _ replacements: [(String, String)]) throws -> RobotModel {
    var text = try String(contentsOfFile: robots.path(of: name), encoding: .utf8)
    for (a, b) in replacements {
        precondition(text.contains(a), "\(name).yaml has no `\(a)`")
        text = text.replacingOccurrences(of: a, with: b)
    }
    return try RobotCardLoader.load(text: text, file: "\(name)-variant.yaml", directory: robots.directory)
}

let tabletopScene = """
name: test_tabletop
family: manipulation
robot: franka_panda
table: {center: [0.5, 0], size: [0.9, 1.0], height: 0}
objects:
  - {name: red_cube, shape: box, size: [0.04, 0.04, 0.04], color: red, category: cube, at: [0.5, 0.1]}
  - {name: green_cube, shape: box, size: [0.04, 0.04, 0.04], color: green, category: cube, at: [0.4, 0.25]}
  - {name: blue_bowl, shape: bowl, radius: 0.07, height: 0.05, color: blue, at: [0.5, -0.15]}
  - {name: plate, shape: plate, radius: 0.09, height: 0.015, color: white, at: [0.35, -0.05]}
regions:
  - {name: left_side, center: [0.45, 0.25], size: [0.3, 0.2]}
randomize: {jitter: 0.01}
tasks:
  - {instruction: put the red cube in the blue bowl, goal: "in(red_cube, blue_bowl)", max_steps: 300}
  - {instruction: stack the red cube on the green cube, goal: "on(red_cube, green_cube)", max_steps: 300}
"""

func loadScene(_ text: String, robot: String? = nil) throws -> (SceneModel, RobotModel) {
    try SceneLoader.load(text: text, file: "test_scene.yaml", robots: robots, robot: robot)
}

/// A world with the given scene, no randomisation unless the seed asks for it.
func makeWorld(_ text: String = tabletopScene, robot: String? = nil, seed: UInt64 = 0) throws -> (WorldModel, WorldState) {
    let (scene, r) = try loadScene(text, robot: robot)
    return WorldModel.make(scene: scene, robot: r, seed: seed)
}

/// Puts an arm's tool at a world point (top-down, as at home) by IK, for setting up states.
func placeTool(_ model: WorldModel, _ s: inout WorldState, arm: Int = 0, at p: Vec3) {
    let chain = model.robot.arms[arm].chain
    let current = chain.pose(s.q)
    let target = Pose(rotation: current.rotation, translation: model.basePose(s).inverse * p)
    var o = IKOptions()
    o.restarts = 10
    let r = chain.solveIK(target: target, initial: s.q, options: o)
    precondition(r.success, "placeTool: cannot reach \(p)")
    s.q = r.q
    Grasping.carryHeldObjects(model, &s)
}

/// A Panda ee_delta action: move by dp (m, base frame), gripper open or closed.
func pandaAction(_ dp: Vec3 = .zero, open: Bool = true) -> [Double] {
    [dp.x, dp.y, dp.z, 0, 0, 0, open ? -1 : 1]
}

/// A closed-loop scripted pick-and-place in the Panda's true convention, used to
/// make a successful episode whose log can then be replayed.
struct ScriptedPickPlace: Policy {
    let name = "scripted"
    let model: WorldModel
    let object: String
    let destination: Vec3
    var wantsPrivilegedState: Bool { true }

    func act(_ request: PolicyRequest) async throws -> ActionChunk {
        guard let s = request.observation.privileged else { throw PolicyError("needs state") }
        let i = model.objectIndex(object)!
        let tool = model.toolPose(s, arm: 0).translation
        let obj = s.objects[i].pose.translation
        let held = s.objects[i].heldBy != nil
        let target: Vec3
        var open = true
        if !held {
            let above = obj + Vec3(0, 0, 0.1)
            if s.gripper[0] < 0.5 {
                target = tool; open = true                      // missed: reopen
            } else if hypot(tool.x - obj.x, tool.y - obj.y) > 0.005 && tool.z < above.z - 0.01 {
                target = Vec3(tool.x, tool.y, above.z)          // rise before moving sideways
            } else if hypot(tool.x - obj.x, tool.y - obj.y) > 0.005 {
                target = above
            } else if length(tool - obj) > 0.004 {
                target = obj
            } else {
                return ActionChunk(actions: [pandaAction(open: false)])
            }
        } else {
            open = false
            let above = destination + Vec3(0, 0, 0.12)
            if hypot(tool.x - above.x, tool.y - above.y) > 0.005 {
                target = tool.z < above.z - 0.01 ? Vec3(tool.x, tool.y, above.z) : above
            } else if tool.z > destination.z + 0.07 {
                target = Vec3(above.x, above.y, destination.z + 0.06)
            } else {
                return ActionChunk(actions: [pandaAction(open: true)])
            }
        }
        var d = target - tool
        if length(d) > 0.05 { d *= 0.05 / length(d) }
        return ActionChunk(actions: [pandaAction(d, open: open)])
    }
}

func hypot(_ x: Double, _ y: Double) -> Double { (x * x + y * y).squareRoot() }

func tempPath(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("vlaplay-\(UUID().uuidString)-\(name)").path
}
