import Foundation
import Kinematics
import Spatial

/// The cameras every world has without being told (names are a convention other
/// code keys on, e.g. the openpi image keys):
/// - `agentview`: a third-person view; of the work surface in front of and above it
///   (LIBERO's agentview), or from high above a navigation map;
/// - `wrist` (one arm) or `<arm>_wrist` (several): on the tool, looking along the approach;
/// - `ego`: a forward camera on a mobile base.
public enum CameraDefaults {
    public static let agentviewFov = 45.0   // robosuite / LIBERO agentview fovy
    public static let wristFov = 75.0       // robosuite eye_in_hand fovy
    public static let egoFov = 70.0
    public static let overheadFov = 60.0

    /// Names of the default cameras a robot gets (and `agentview`, which every scene has).
    public static func names(robot: RobotModel) -> [String] {
        ["agentview"] + robot.arms.map { robot.arms.count > 1 ? "\($0.name)_wrist" : "wrist" } + (robot.mobileBase != nil ? ["ego"] : [])
    }

    public static func cameras(scene: SceneModel, robot: RobotModel, objects: [SceneObject]) -> [CameraSpec] {
        var list = [agentview(scene: scene, robot: robot, objects: objects)]
        for (i, arm) in robot.arms.enumerated() {
            let name = robot.arms.count > 1 ? "\(arm.name)_wrist" : "wrist"
            list.append(CameraSpec(name: name, mount: .tool(arm: i, offset: wristOffset(robot, arm: i)), fovYDegrees: wristFov))
        }
        if let base = robot.mobileBase {
            // At the front edge, a little above the deck, tilted 12° down so the floor
            // ahead is in view as well as what stands on it.
            let front = base.footprintSize.map { $0.length / 2 } ?? base.footprintRadius
            let eye = Vec3(front, 0, base.height + 0.08)
            let target = eye + Vec3(cos(0.21), 0, -sin(0.21))
            list.append(CameraSpec(name: "ego", mount: .base(offset: .lookAt(eye: eye, target: target)), fovYDegrees: egoFov))
        }
        return list
    }

    /// The third-person view. A map gets an overhead view that fits the whole plan;
    /// a work surface gets a view from the side opposite the robot, looking down at
    /// about 35°, far enough back for the surface and everything on it.
    static func agentview(scene: SceneModel, robot: RobotModel, objects: [SceneObject]) -> CameraSpec {
        if let map = scene.map {
            let w = Double(map.width) * map.cell, h = Double(map.height) * map.cell
            let center = Vec3(w / 2, h / 2, 0)
            let half = tan(overheadFov * .pi / 360)
            let height = max(w, h) / 2 / half * 1.08 + 0.6
            // Slightly south of straight above, so walls show a face and +y is up the image.
            let eye = center + Vec3(0, -0.12 * height, height)
            return CameraSpec(name: "agentview", mount: .world(eye: eye, target: center, up: Vec3(0, 1, 0)), fovYDegrees: overheadFov)
        }
        // The work surface: the table, else all fixtures, else the objects and the robot.
        var lo = Vec3(repeating: .infinity), hi = Vec3(repeating: -.infinity)
        func add(_ p: Vec3) { lo = simdMin(lo, p); hi = simdMax(hi, p) }
        if let t = scene.fixture("table") {
            add(t.center - t.size / 2); add(t.center + t.size / 2)
        } else {
            for f in scene.fixtures { add(f.center - f.size / 2); add(f.center + f.size / 2) }
        }
        for o in objects { add(o.start.translation) }
        let robotAt = Vec3(scene.robotStart.x, scene.robotStart.y, scene.robotHeight)
        if scene.fixtures.isEmpty || scene.family == .mobileManipulation { add(robotAt) }
        if lo.x > hi.x { lo = Vec3(-0.5, -0.5, 0); hi = Vec3(0.5, 0.5, 0.3) }
        let target = Vec3((lo.x + hi.x) / 2, (lo.y + hi.y) / 2, hi.z)
        // Look back at the robot from across the surface; with the robot at the
        // centre (a bimanual rig), look along +y.
        var dir = Vec3(target.x - robotAt.x, target.y - robotAt.y, 0)
        dir = length(dir) < 0.1 ? Vec3(0, -1, 0) : normalize(dir)
        let radius = max(0.3, length(Vec3(hi.x - lo.x, hi.y - lo.y, 0)) / 2)
        let distance = radius / tan(agentviewFov * .pi / 360) * 1.05
        let elevation = scene.family == .mobileManipulation ? 0.85 : 0.62
        let eye = target + dir * (distance * cos(elevation)) + Vec3(0, 0, distance * sin(elevation))
        return CameraSpec(name: "agentview", mount: .world(eye: eye, target: target, up: Vec3(0, 0, 1)), fovYDegrees: agentviewFov)
    }

    /// The wrist camera in the tool frame: 10 cm behind the tool point along the
    /// approach and 6 cm to the side, looking along the approach (tilted 8.5° towards
    /// the fingers), so the fingers show at the bottom of the image and what lies
    /// ahead of them fills the rest.
    static func wristOffset(_ robot: RobotModel, arm: Int) -> Pose {
        let a = approachAxis(robot, arm: arm)
        // Image "up" in the tool frame: a tool axis across the approach.
        let side = abs(a.x) > 0.5 ? Vec3(0, 0, 1) : Vec3(1, 0, 0)
        let eye = -a * 0.10 + side * 0.06
        // Tilted a little towards the fingers, as wrist cameras are mounted.
        return .lookAt(eye: eye, target: eye + a - side * 0.15, up: side)
    }

    /// The tool axis (±x, ±y or ±z, in the tool frame) that points the way the arm
    /// reaches: along the last link, from the nearest joint frame a centimetre or
    /// more behind the tool point to the tool point. Cards differ (Panda and UR
    /// approach along tool z, the Interbotix arms along x), so it is measured.
    public static func approachAxis(_ robot: RobotModel, arm: Int) -> Vec3 {
        let chain = robot.arms[arm].chain
        let tool = chain.pose(robot.home)
        let frames = robot.tree.forwardKinematics(robot.home)
        var d = Vec3(0, 0, 1)
        for j in robot.tree.path(to: chain.endEffector.joint).reversed() where j < frames.count {
            let v = tool.translation - frames[j].translation
            if length(v) > 0.01 { d = v; break }
        }
        let local = tool.rotation.transposed * d
        let axes = [Vec3(1, 0, 0), Vec3(0, 1, 0), Vec3(0, 0, 1)]
        let best = axes.max { abs(dot($0, local)) < abs(dot($1, local)) }!
        return dot(best, local) < 0 ? -best : best
    }
}

@inline(__always) func simdMin(_ a: Vec3, _ b: Vec3) -> Vec3 { Vec3(min(a.x, b.x), min(a.y, b.y), min(a.z, b.z)) }
@inline(__always) func simdMax(_ a: Vec3, _ b: Vec3) -> Vec3 { Vec3(max(a.x, b.x), max(a.y, b.y), max(a.z, b.z)) }
