import Foundation
import Kinematics
import Spatial

/// One episode's immutable world: the scene, the robot, and the objects as this
/// episode's seed laid them out (distractors included). Only `WorldState` changes.
public struct WorldModel: Sendable {
    public let scene: SceneModel
    public let robot: RobotModel
    public let objects: [SceneObject]
    public let seed: UInt64
    /// The robot's TRUE action convention and its channel positions, derived once:
    /// the controller decodes every step by them (deriving them per step cost a
    /// third of a joint-mode step).
    public let actionConvention: ActionConvention
    public let actionChannels: ActionChannels
    /// The length of an action (`robot.actionLayout.count`), for the per-step check.
    public let actionDimension: Int

    init(scene: SceneModel, robot: RobotModel, objects: [SceneObject], seed: UInt64) {
        self.scene = scene; self.robot = robot; self.objects = objects; self.seed = seed
        actionConvention = ActionConvention(robot: robot)
        actionChannels = actionConvention.channels
        actionDimension = robot.actionDimension
    }

    /// Colours distractors may take.
    public static let palette = ["red", "green", "blue", "yellow", "orange", "purple", "white", "black", "pink", "cyan"]

    /// Lays out the scene for `seed`: jitter, distractors, colours, base offset.
    /// The same (scene, robot, seed) always gives the same model and state.
    public static func make(scene: SceneModel, robot: RobotModel, seed: UInt64) -> (WorldModel, WorldState) {
        var rng = SeededRandom(seed: seed &* 0x9E37_79B9 &+ 17)
        let r = scene.randomization
        var objects = scene.objects
        var placed: [(x: Double, y: Double, radius: Double)] = []
        for i in objects.indices {
            var o = objects[i]
            if r.jitter > 0 && o.start.translation.z < 1.5 {
                var p = o.start.translation
                // Keep jitter from pushing objects into each other: try a few draws.
                for _ in 0..<8 {
                    let cand = Vec3(p.x + rng.uniform(-r.jitter, r.jitter), p.y + rng.uniform(-r.jitter, r.jitter), p.z)
                    let radius = max(o.shape.halfFootprint.x, o.shape.halfFootprint.y)
                    if !placed.contains(where: { hypot2($0.x - cand.x, $0.y - cand.y) < $0.radius + radius + 0.005 }) { p = cand; break }
                }
                o.start = Pose(rotation: .rotZ(rng.uniform(-r.jitter, r.jitter) * 5) * o.start.rotation, translation: p)
            }
            placed.append((o.start.translation.x, o.start.translation.y, max(o.shape.halfFootprint.x, o.shape.halfFootprint.y)))
            objects[i] = o
        }
        // Distractors: small cubes and cylinders placed on free spots of the table.
        if r.distractors > 0, let table = scene.fixture("table") {
            var added = 0
            for attempt in 0..<(r.distractors * 40) where added < r.distractors {
                let round = attempt % 2 == 0
                let size = rng.uniform(0.03, 0.045)
                let shape: ObjectShape = round ? .cylinder(radius: size / 2, height: size * 1.5) : .box(size: Vec3(size, size, size))
                let x = rng.uniform(table.center.x - table.size.x / 2 + 0.05, table.center.x + table.size.x / 2 - 0.05)
                let y = rng.uniform(table.center.y - table.size.y / 2 + 0.05, table.center.y + table.size.y / 2 - 0.05)
                let radius = size / 2 * 1.5
                let fromRobot = hypot2(x - scene.robotStart.x, y - scene.robotStart.y)
                guard fromRobot > 0.25, fromRobot < 0.75,
                      !placed.contains(where: { hypot2($0.x - x, $0.y - y) < $0.radius + radius + 0.02 }),
                      !scene.fixtures.contains(where: { $0.name != "table" && $0.containsXY(Vec3(x, y, 0), margin: radius + 0.01) }),
                      !scene.parts.contains(where: { WorldModel.sweeps($0, x: x, y: y, margin: radius + 0.02) }) else { continue }
                let color = r.colors ? palette[rng.index(palette.count)] : "gray"
                objects.append(SceneObject(name: "distractor_\(added + 1)", shape: shape, color: color, category: round ? "can" : "block",
                                           graspable: true, container: false,
                                           start: Pose(translation: Vec3(x, y, table.top + shape.height / 2)), distractor: true))
                placed.append((x, y, radius))
                added += 1
            }
        }
        var base = scene.robotStart
        if r.baseOffset > 0 {
            base.x += rng.uniform(-r.baseOffset, r.baseOffset)
            base.y += rng.uniform(-r.baseOffset, r.baseOffset)
        }
        let model = WorldModel(scene: scene, robot: robot, objects: objects, seed: seed)
        let state = WorldState(q: robot.home, base: base, gripper: Array(repeating: 1, count: robot.arms.count),
                               objects: objects.map { ObjectState(pose: $0.start) },
                               parts: scene.parts.map { PartState(value: $0.start) })
        return (model, state)
    }

    /// Whether a point is within `margin` of where a part moves (its body closed and
    /// open, its handle, its inside): no distractor is put there.
    static func sweeps(_ part: ArticulatedPart, x: Double, y: Double, margin: Double) -> Bool {
        var points = [part.handlePoint(part.lower), part.handlePoint(part.upper), part.handlePoint((part.lower + part.upper) / 2),
                      part.transform(part.lower) * part.center, part.transform(part.upper) * part.center]
        if let c = part.cavity { points.append(c.center) }
        let reach = max(part.size.x, part.size.y) / 2 + margin + 0.05
        return points.contains { hypot2($0.x - x, $0.y - y) < reach }
    }

    /// The state a task starts from: a path-following task begins with its subject
    /// (the tool, or the base) at the start of the reference path, so ADE and FDE
    /// measure the path itself and not the approach to it.
    public func prepared(_ state: WorldState, for task: TaskSpec) -> WorldState {
        var s = state
        guard task.referencePath.count >= 2 else { return s }
        let p0 = task.referencePath[0], p1 = task.referencePath[1]
        switch task.pathSubject {
        case .base?:
            s.base = Pose2D(x: p0.x, y: p0.y, yaw: atan2(p1.y - p0.y, p1.x - p0.x))
        case .endEffector?:
            guard let arm = robot.arms.first else { break }
            let current = arm.chain.pose(s.q)
            var options = IKOptions()
            options.restarts = 20
            options.home = robot.home
            options.nullSpaceGain = 0.05
            let local = basePose(s).inverse * p0
            let r = arm.chain.solveIK(target: Pose(rotation: current.rotation, translation: local), initial: s.q, options: options)
            if r.success { s.q = r.q }
        case nil:
            break
        }
        return s
    }

    /// Where a navigation task is met: the end of the reference path, and — when the
    /// goal is to stop near a solid landmark — every free cell beside it ("stop by the
    /// table" is met from any side). The runner and the playground judge by this.
    public func navigationGoals(for task: TaskSpec) -> [Vec3] {
        var goals = task.referencePath.last.map { [$0] } ?? []
        guard let map = scene.map else { return goals }
        for atom in task.goal.atoms {
            guard case .near(let a, let b, _) = atom else { continue }
            let name = a == "robot" ? b : (b == "robot" ? a : nil)
            guard let name, let mark = map.landmark(name), !mark.passable else { continue }
            for c in mark.cells {
                for (dc, dr) in [(1, 0), (-1, 0), (0, 1), (0, -1)] {
                    let n = NavigationMap.Cell(col: c.col + dc, row: c.row + dr)
                    if map.isFree(n) { goals.append(map.center(of: n)) }
                }
            }
        }
        return goals
    }

    /// The robot base's pose in the world.
    public func basePose(_ state: WorldState) -> Pose {
        Pose(rotation: .rotZ(state.base.yaw), translation: Vec3(state.base.x, state.base.y, scene.robotHeight))
    }

    /// An arm's tool point in the world.
    public func toolPose(_ state: WorldState, arm: Int) -> Pose {
        basePose(state) * robot.arms[arm].chain.pose(state.q)
    }

    public func objectIndex(_ name: String) -> Int? { objects.firstIndex { $0.name == name } }
    public func partIndex(_ name: String) -> Int? { scene.partIndex(name) }
    /// A part's joint value in a state (its start where a state carries none).
    public func partValue(_ k: Int, _ s: WorldState) -> Double { k < s.parts.count ? s.parts[k].value : scene.parts[k].start }

    /// Control period (s).
    public var dt: Double { 1 / robot.control.frequencyHz }
}

@inline(__always) func hypot2(_ x: Double, _ y: Double) -> Double { (x * x + y * y).squareRoot() }
