import Foundation
import Kinematics
import Spatial

/// What makes a scene valid for the robot that runs it: a robot of the right kind, a
/// start clear of the walls, objects that do not overlap and that the arms can reach,
/// goals that name things in the scene, routes that can be driven, and the paths and
/// distances each family's success test needs. Each rule returns nil when it holds;
/// `SceneLoader` reports a violation at the scene file's line, with the words given here.
public enum SceneRules {
    /// Why a robot cannot run a family, or nil when it can.
    public static func compatibility(family: SceneFamily, robot: RobotModel) -> String? {
        switch family {
        case .manipulation: return robot.kind == .arm ? nil : "a single-arm robot (kind arm) for a manipulation scene"
        case .bimanual: return robot.kind == .bimanual ? nil : "a two-armed robot (kind bimanual) for a bimanual scene"
        case .navigation: return robot.mobileBase != nil ? nil : "a robot with a mobile base for a navigation scene"
        case .mobileManipulation: return robot.kind == .mobileManipulator ? nil : "a mobile manipulator for a mobile_manipulation scene"
        case .trajectory: return nil
        }
    }

    /// A robot placed on a map cell stands on floor, not in a wall or a landmark.
    public static func startCell(_ cell: NavigationMap.Cell, on map: NavigationMap) -> RuleViolation? {
        map.isFree(cell) ? nil : RuleViolation(expected: "a free map cell", found: "[\(cell.col), \(cell.row)] is a wall, landmark or outside")
    }

    /// A mobile base starts with its whole footprint clear of the walls.
    public static func start(_ start: Pose2D, base: MobileBaseModel?, map: NavigationMap?) -> RuleViolation? {
        guard let map, let base, map.collides(Vec3(start.x, start.y, 0), radius: base.footprintRadius) else { return nil }
        return RuleViolation(expected: "a start where the base (radius \(String(format: "%.2f", base.footprintRadius)) m) clears the walls",
                             found: "[\(start.x), \(start.y)] is closer than that to a wall", hint: "a smaller robot, or another start cell")
    }

    /// Names are how goals and instructions refer to things, so each names one thing.
    public static func uniqueName(_ name: String, objects: [SceneObject], fixtures: [Fixture]) -> RuleViolation? {
        guard objects.contains(where: { $0.name == name }) || fixtures.contains(where: { $0.name == name }) else { return nil }
        return RuleViolation(expected: "a name no other object or fixture has", found: "`\(name)`", subfield: ".name")
    }

    /// The first earlier object resting on the same support whose footprint `object`'s
    /// intersects (two things cannot stand in one place), or nil.
    public static func firstOverlap(_ object: SceneObject, support: String?, objects: [SceneObject], supports: [String?]) -> Int? {
        objects.indices.first { supports[$0] == support && footprintsOverlap(object, objects[$0]) }
    }

    /// Whether two resting objects' footprints intersect (discs for round shapes,
    /// axis-aligned rectangles for boxes; 1 mm of slack for touching neighbours).
    public static func footprintsOverlap(_ a: SceneObject, _ b: SceneObject) -> Bool {
        let pa = a.start.translation, pb = b.start.translation
        let ha = a.shape.halfFootprint, hb = b.shape.halfFootprint
        let slack = 1e-3
        switch (a.shape.isRound, b.shape.isRound) {
        case (true, true):
            return ((pa.x - pb.x) * (pa.x - pb.x) + (pa.y - pb.y) * (pa.y - pb.y)).squareRoot() < ha.x + hb.x - slack
        case (false, false):
            return abs(pa.x - pb.x) < ha.x + hb.x - slack && abs(pa.y - pb.y) < ha.y + hb.y - slack
        default:
            let (disc, box, r, h) = a.shape.isRound ? (pa, pb, ha.x, hb) : (pb, pa, hb.x, ha)
            let dx = max(abs(disc.x - box.x) - h.x, 0), dy = max(abs(disc.y - box.y) - h.y, 0)
            return (dx * dx + dy * dy).squareRoot() < r - slack
        }
    }

    /// A fixed-base robot's arms must reach what they are meant to handle (a position-only
    /// IK solve from home with restarts); a mobile base can drive to it, so it is exempt.
    public static func reachability(of object: SceneObject, robot: RobotModel, basePose: Pose, start: Pose2D) -> RuleViolation? {
        guard robot.mobileBase == nil, object.graspable, !robot.arms.isEmpty else { return nil }
        let local = basePose.inverse * object.start.translation
        let reachable = robot.arms.contains { arm in
            var options = IKOptions()
            options.positionOnly = true
            options.restarts = 20
            options.positionTolerance = 1e-3
            return arm.chain.solveIK(target: Pose(translation: local), initial: robot.home, options: options).success
        }
        if reachable { return nil }
        let p = object.start.translation
        return RuleViolation(expected: "a place \(robot.name) can reach",
                             found: "[\(millimetres(p.x)), \(millimetres(p.y)), \(millimetres(p.z))] is out of reach",
                             hint: "move it closer to the robot base at [\(start.x), \(start.y)]", subfield: ".at")
    }

    /// Where a fixed-base arm other than the scene's own stands: turned so its home
    /// tool point faces the middle of the things it handles, and moved along that line
    /// so the middle is as far from the base as the home tool point is — each card's
    /// own reach, whatever way its home pose points (ur5e's points backwards).
    public static func placement(for robot: RobotModel, facing points: [Vec3], from start: Pose2D) -> Pose2D {
        guard let arm = robot.arms.first, !points.isEmpty else { return start }
        let tool = arm.chain.pose(robot.home).translation
        let homeAngle = atan2(tool.y, tool.x), homeReach = max(0.15, (tool.x * tool.x + tool.y * tool.y).squareRoot())
        let c = points.reduce(Vec3.zero, +) / Double(points.count)
        let toward = atan2(c.y - start.y, c.x - start.x)
        let x = c.x - cos(toward) * homeReach, y = c.y - sin(toward) * homeReach
        var yaw = toward - homeAngle
        while yaw > .pi { yaw -= 2 * .pi }
        while yaw < -.pi { yaw += 2 * .pi }
        return Pose2D(x: x, y: y, yaw: yaw)
    }

    /// Whether a fixed-base arm can put its tool at a world point with its home
    /// orientation (how the expert and an ee_delta controller hold the tool while
    /// reaching down): the stricter test for a swapped robot, where position-only
    /// reach says little about a top-down grasp.
    public static func reachesWithHomeOrientation(_ point: Vec3, robot: RobotModel, basePose: Pose) -> Bool {
        guard robot.mobileBase == nil else { return true }
        let local = basePose.inverse * point
        return robot.arms.contains { arm in
            // Along the straight line from the home tool point, each solve starting from
            // the last, as a controller stepping there would (a random restart can land
            // on a branch the arm cannot move to).
            let home = arm.chain.pose(robot.home)
            var options = IKOptions()
            options.restarts = 0
            options.positionTolerance = 4e-3
            options.rotationTolerance = 0.05
            // An arm with fewer than six joints cannot hold a whole orientation anyway.
            options.positionOnly = arm.jointQ.count < 6
            var q = robot.home
            let steps = 12
            for k in 1...steps {
                let p = home.translation + (local - home.translation) * (Double(k) / Double(steps))
                let r = arm.chain.solveIK(target: Pose(rotation: home.rotation, translation: p), initial: q, options: options)
                guard r.success else { return false }
                q = r.q
            }
            return true
        }
    }

    /// Whether an arm can follow a path holding its home orientation: the first point
    /// solved from anywhere (an episode starts there), each next one from the last, as
    /// the controller steps. Returns the first point it cannot follow, or nil.
    public static func firstUnfollowable(_ path: [Vec3], robot: RobotModel, basePose: Pose) -> Vec3? {
        guard let arm = robot.arms.first, let first = path.first else { return nil }
        let home = arm.chain.pose(robot.home)
        var options = IKOptions()
        options.positionTolerance = 4e-3
        options.rotationTolerance = 0.05
        options.positionOnly = arm.jointQ.count < 6
        options.restarts = 20
        let start = arm.chain.solveIK(target: Pose(rotation: home.rotation, translation: basePose.inverse * first), initial: robot.home, options: options)
        guard start.success else { return first }
        options.restarts = 0
        var q = start.q
        for p in path.dropFirst() {
            let r = arm.chain.solveIK(target: Pose(rotation: home.rotation, translation: basePose.inverse * p), initial: q, options: options)
            guard r.success else { return p }
            q = r.q
        }
        return nil
    }

    /// A navigation scene's success test is a distance to the goal, so it must have one.
    public static func successDistanceRequired(family: SceneFamily) -> RuleViolation? {
        family == .navigation ? RuleViolation(expected: "`success_distance:` (m) for a navigation scene") : nil
    }

    /// Everything a goal may name: objects, fixtures, regions, landmarks, arms and `robot`.
    public static func knownNames(objects: [SceneObject], fixtures: [Fixture], regions: [Region], robot: RobotModel,
                                  map: NavigationMap?, parts: [ArticulatedPart] = []) -> Set<String> {
        var known = Set(objects.map(\.name) + fixtures.map(\.name) + regions.map(\.name) + robot.arms.map(\.name) + ["robot"])
        known.formUnion(parts.map(\.name))
        if let map { known.formUnion(map.landmarks.map(\.name)) }
        return known
    }

    /// A goal can only be judged over things that exist; the nearest known name is offered.
    public static func goalNames(_ goal: Goal, text: String, known: Set<String>) -> RuleViolation? {
        guard let unknown = goal.names.first(where: { !known.contains($0) }) else { return nil }
        // Sorted first so that a tie names the same suggestion every run (a Set's order is seeded per process).
        let near = suggestion(for: unknown, among: known.sorted())
        return RuleViolation(expected: "names of this scene's objects, fixtures, regions, landmarks, arms or `robot`",
                             found: "`\(unknown)` in \(text)", hint: near.map { "did you mean `\($0)`?" })
    }

    /// One leg of a route: from `current` to the cell by the landmark or at the room's
    /// centre named `stop`, along free cells. Returns the target and the cells after `current`.
    public static func routeLeg(to stop: String, from current: NavigationMap.Cell, map: NavigationMap,
                                regions: [Region]) -> Result<(target: NavigationMap.Cell, cells: [NavigationMap.Cell]), RuleViolation> {
        var target: NavigationMap.Cell?
        if let mark = map.landmark(stop) {
            target = map.approachCell(of: mark, from: current)
        } else if let room = regions.first(where: { $0.name == stop }) {
            target = map.cell(at: Vec3(room.center.x, room.center.y, 0))
            if let t = target, !map.isFree(t) { target = nil }
        } else {
            return .failure(RuleViolation(expected: "a landmark or room of this map", found: "`\(stop)`"))
        }
        guard let target, let leg = map.shortestPath(from: current, to: target) else {
            return .failure(RuleViolation(expected: "a place reachable from the previous one", found: "no free path to \(stop)",
                                          hint: "check the map's doors and walls"))
        }
        return .success((target, Array(leg.dropFirst())))
    }

    /// A path is followed by the tool or the base, so the robot must have that part.
    public static func pathSubject(_ subject: PathSubject, robot: RobotModel) -> RuleViolation? {
        if subject == .endEffector && robot.arms.isEmpty { return RuleViolation(expected: "a robot with an arm for an end_effector path", found: "\(robot.name), which has none") }
        if subject == .base && robot.mobileBase == nil { return RuleViolation(expected: "a robot with a mobile base for a base path", found: "\(robot.name), which has none") }
        return nil
    }

    /// Navigation tasks are judged against a route and trajectory tasks against a path.
    public static func taskShape(family: SceneFamily, hasReferencePath: Bool, hasPath: Bool) -> RuleViolation? {
        if family == .navigation && !hasReferencePath { return RuleViolation(expected: "a `route:` for a navigation task", subfield: ".route") }
        if family == .trajectory && !hasPath { return RuleViolation(expected: "a `path:` for a trajectory task", subfield: ".path") }
        return nil
    }

    /// Millimetre precision is what a scene author can act on.
    static func millimetres(_ v: Double) -> String { String(format: "%.3f", v) }
}
