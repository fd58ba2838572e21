import Foundation
import Spatial
import World

/// `tasks:` — an instruction, a goal over the scene's names, a step budget, and for
/// navigation and trajectory tasks the reference path success is measured against.
extension SceneLoader {
    static func readTask(_ v: YAMLValue, family: SceneFamily, known: Set<String>, map: NavigationMap?, start: Pose2D,
                         regions: [Region], robot: RobotModel) throws -> TaskSpec {
        let f = try v.fields(allowed: ["instruction", "goal", "max_steps", "route", "path", "success_ade"])
        let instruction = try f.required("instruction", "the instruction text").string(limit: TextBounds.sentence)
        guard !instruction.trimmingCharacters(in: .whitespaces).isEmpty else { throw try f.required("instruction", "").error("a non-empty instruction") }
        let goalValue = try f.required("goal", "a goal predicate, e.g. in(red_cube, blue_bowl)")
        let goalText = try goalValue.string(limit: TextBounds.sentence)
        let goal: Goal
        do {
            goal = try GoalParser.parse(goalText)
        } catch let e as GoalSyntaxError {
            throw goalValue.error("a goal predicate", found: e.message)
        }
        try enforce(SceneRules.goalNames(goal, text: goalText, known: known), at: goalValue)
        let maxValue = try f.required("max_steps", "the step budget")
        let maxSteps = try maxValue.int()
        guard (1...100_000).contains(maxSteps) else { throw maxValue.error("1 to 100000 steps") }
        var path: [Vec3] = []
        var subject: PathSubject?
        var ade: Double?
        if let route = f.optional("route") {
            guard let map else { throw route.error("no route without a map") }
            path = try readRoute(route, map: map, start: start, regions: regions)
            subject = .base
        }
        if let p = f.optional("path") {
            let (points, pathSubject) = try readPath(p, robot: robot)
            path += points
            subject = pathSubject
            ade = try f.required("success_ade", "the ADE (m) that counts as success").positive()
        } else if let s = f.optional("success_ade") {
            throw s.error("no success_ade without a path")
        }
        try enforce(SceneRules.taskShape(family: family, hasReferencePath: !path.isEmpty, hasPath: f.optional("path") != nil), at: v)
        return TaskSpec(instruction: instruction, goalText: goalText, goal: goal, maxSteps: maxSteps, referencePath: path,
                        pathSubject: subject, successADE: ade, line: v.mark?.line ?? 0)
    }

    /// `route:` — landmarks and rooms to visit in order, from the robot's start; the
    /// reference path is the centres of the cells driven through.
    private static func readRoute(_ route: YAMLValue, map: NavigationMap, start: Pose2D, regions: [Region]) throws -> [Vec3] {
        var current = map.cell(at: Vec3(start.x, start.y, 0))
        var cells = [current]
        for stop in try route.items() {
            switch SceneRules.routeLeg(to: try stop.string(), from: current, map: map, regions: regions) {
            case .success(let leg):
                cells += leg.cells
                current = leg.target
            case .failure(let violation):
                throw stop.error(violation)
            }
        }
        return cells.map { map.center(of: $0) }
    }

    /// `path:` — the subject that follows it and its points ([x, y, z] for the tool, [x, y] for the base).
    private static func readPath(_ p: YAMLValue, robot: RobotModel) throws -> ([Vec3], PathSubject) {
        let pf = try p.fields(allowed: ["subject", "points"])
        let subject = try pf.required("subject", "end_effector or base").oneOf(PathSubject.self)
        let pts = try pf.required("points", "a list of points")
        var path: [Vec3] = []
        for item in try pts.items() {
            let v = try item.doubles()
            switch (subject, v.count) {
            case (.endEffector, 3): path.append(Vec3(v[0], v[1], v[2]))
            case (.base, 2): path.append(Vec3(v[0], v[1], 0))
            default: throw item.error(subject == .base ? "[x, y]" : "[x, y, z]", found: "\(v.count) numbers")
            }
        }
        guard path.count >= 2 else { throw pts.error("at least two points") }
        try enforce(SceneRules.pathSubject(subject, robot: robot), at: p)
        return (path, subject)
    }
}
