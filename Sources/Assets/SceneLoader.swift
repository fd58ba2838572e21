import Foundation
import Kinematics
import Spatial
import World

/// Reads scene files (Scenes/*.yaml, format in docs/SCENES.md) into a `SceneModel`,
/// checked against the robot that will run it. Every problem is a located `AssetError`.
public enum SceneLoader {
    public static func load(path: String, robots: RobotLibrary, robot override: String? = nil) throws -> (SceneModel, RobotModel) {
        let text = try readAssetFile(path)
        let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return try load(text: text, file: path, expectedName: stem, robots: robots, robot: override)
    }

    public static func load(text: String, file: String, expectedName: String? = nil, robots: RobotLibrary, robot override: String? = nil) throws -> (SceneModel, RobotModel) {
        let doc = try YAMLValue.parse(text, file: file)
        let top = try doc.fields(allowed: ["name", "family", "robot", "robot_start", "table", "fixtures", "objects", "regions",
                                           "randomize", "tasks", "map", "legend", "cell", "rooms", "success_distance", "cameras"])
        let nameValue = try top.required("name", "the scene's name")
        let name = try nameValue.string()
        if let expectedName, expectedName != name {
            throw nameValue.error("the file's name `\(expectedName)`", hint: "rename the file to \(name).yaml or set `name: \(expectedName)`")
        }
        let family = try top.required("family", "the task family").oneOf(SceneFamily.self)
        let robotValue = try top.required("robot", "the default robot's name")
        let robotName = try override ?? robotValue.string()
        let robot: RobotModel
        do {
            robot = try robots.load(robotName)
        } catch let e as AssetError where e.field == "robot" && override == nil {
            throw robotValue.error(e.expected, hint: e.hint)
        }
        if let problem = compatibility(family: family, robot: robot) {
            if override != nil {
                throw AssetError(file: file, line: robotValue.mark?.line ?? 1, column: robotValue.mark?.column ?? 1, field: "--robot",
                                 expected: problem, found: "\(robot.name) (\(robot.kind.rawValue))")
            }
            throw robotValue.error(problem, found: "\(robot.name) (\(robot.kind.rawValue))")
        }

        // The map (navigation), before anything is placed on it.
        var map: NavigationMap?
        var regions: [Region] = []
        if let mapValue = top.optional("map") {
            map = try parseMap(mapValue, legend: try top.required("legend", "letters of the map's landmarks"),
                               cell: try top.required("cell", "metres per map character").positive())
            if let rooms = top.optional("rooms") {
                for r in try rooms.items() {
                    let f = try r.fields(allowed: ["name", "cells"])
                    let cellsValue = try f.required("cells", "[[col, row], [col, row]]")
                    let corners = try cellsValue.items()
                    guard corners.count == 2 else { throw cellsValue.error("two corners [[col, row], [col, row]]") }
                    let m = map!
                    let ca = try mapCell(corners[0], m), cb = try mapCell(corners[1], m)
                    let pa = m.center(of: ca), pb = m.center(of: cb)
                    regions.append(Region(name: try f.required("name", "the room's name").string(),
                                          center: ((pa.x + pb.x) / 2, (pa.y + pb.y) / 2),
                                          size: (abs(pa.x - pb.x) + m.cell, abs(pa.y - pb.y) + m.cell)))
                }
            }
        } else {
            for key in ["legend", "cell", "rooms"] where top.has(key) {
                throw try top.required(key, "").error("no `\(key)` without a `map`")
            }
        }

        // Where the robot stands.
        var start = Pose2D()
        if let s = top.optional("robot_start") {
            let f = try s.fields(allowed: ["xy", "yaw", "cell"])
            if let c = f.optional("cell") {
                guard let map else { throw c.error("`xy:` (a `cell:` needs a map)") }
                let cell = try mapCell(c, map)
                guard map.isFree(cell) else { throw c.error("a free map cell", found: "[\(cell.col), \(cell.row)] is a wall, landmark or outside") }
                let p = map.center(of: cell)
                start.x = p.x; start.y = p.y
            } else if let xy = f.optional("xy") {
                let v = try xy.doubles(count: 2)
                start.x = v[0]; start.y = v[1]
            }
            start.yaw = try f.optional("yaw")?.double() ?? 0
        }
        if let map, let base = robot.mobileBase, map.collides(Vec3(start.x, start.y, 0), radius: base.footprintRadius) {
            throw (top.optional("robot_start") ?? doc).error("a start where the base (radius \(base.footprintRadius) m) clears the walls")
        }

        // Fixtures: the table and other boxes.
        var fixtures: [Fixture] = []
        var tableTop = 0.0
        if let t = top.optional("table") {
            let f = try t.fields(allowed: ["center", "size", "height", "thickness", "color"])
            let c = try f.required("center", "[x, y]").doubles(count: 2)
            let sizeValue = try f.required("size", "[length, width]")
            let size = try sizeValue.doubles(count: 2)
            guard size[0] > 0, size[1] > 0 else { throw sizeValue.error("two sizes above 0") }
            tableTop = try f.optional("height")?.double() ?? 0
            let thick = try f.optional("thickness")?.positive() ?? 0.05
            fixtures.append(Fixture(name: "table", center: Vec3(c[0], c[1], tableTop - thick / 2), size: Vec3(size[0], size[1], thick),
                                    color: try f.optional("color")?.string() ?? "brown"))
        }
        if let fx = top.optional("fixtures") {
            for v in try fx.items() {
                let f = try v.fields(allowed: ["name", "center", "size", "color"])
                let n = try f.required("name", "the fixture's name").string()
                if fixtures.contains(where: { $0.name == n }) { throw try f.required("name", "").error("a name no other fixture has") }
                let c = try f.required("center", "[x, y, z] of the box's centre").vec3()
                let sv = try f.required("size", "[x, y, z]")
                let s = try sv.vec3()
                guard s.x > 0, s.y > 0, s.z > 0 else { throw sv.error("three sizes above 0") }
                fixtures.append(Fixture(name: n, center: Vec3(c.x, c.y, c.z), size: Vec3(s.x, s.y, s.z), color: try f.optional("color")?.string() ?? "gray"))
            }
        }
        let robotHeight = robot.mobileBase == nil ? tableTop : 0
        let basePose = Pose(rotation: .rotZ(start.yaw), translation: Vec3(start.x, start.y, robotHeight))

        // Objects, each resting on its support.
        var objects: [SceneObject] = []
        var objectValues: [YAMLValue] = []
        var supports: [String?] = []
        for v in try (top.optional("objects")?.items() ?? []) {
            let (o, support) = try parseObject(v, fixtures: fixtures, objects: objects, tableTop: tableTop)
            if objects.contains(where: { $0.name == o.name }) || fixtures.contains(where: { $0.name == o.name }) {
                throw v.error("a name no other object or fixture has", found: "`\(o.name)`", field: "\(v.path).name")
            }
            // Overlap: two things resting side by side on the same support must not intersect.
            for (j, other) in objects.enumerated() where supports[j] == support {
                if footprintsOverlap(o, other) {
                    let a = o.start.translation
                    throw v.error("a place clear of \(other.name) (line \(objectValues[j].mark?.line ?? 0))",
                                  found: "overlapping footprints at [\(a.x), \(a.y)]", field: "\(v.path).at")
                }
            }
            // Arms must be able to reach what they are meant to handle.
            if robot.mobileBase == nil, o.graspable, !robot.arms.isEmpty {
                let local = basePose.inverse * o.start.translation
                let reachable = robot.arms.contains { arm in
                    var opts = IKOptions()
                    opts.positionOnly = true
                    opts.restarts = 20
                    opts.positionTolerance = 1e-3
                    return arm.chain.solveIK(target: Pose(translation: local), initial: robot.home, options: opts).success
                }
                if !reachable {
                    throw v.error("a place \(robot.name) can reach", found: "[\(fmtShort(o.start.translation.x)), \(fmtShort(o.start.translation.y)), \(fmtShort(o.start.translation.z))] is out of reach",
                                  hint: "move it closer to the robot base at [\(start.x), \(start.y)]", field: "\(v.path).at")
                }
            }
            objects.append(o); objectValues.append(v); supports.append(support)
        }
        for v in try (top.optional("regions")?.items() ?? []) {
            let f = try v.fields(allowed: ["name", "center", "size"])
            let c = try f.required("center", "[x, y]").doubles(count: 2)
            let sv = try f.required("size", "[x, y]")
            let s = try sv.doubles(count: 2)
            guard s[0] > 0, s[1] > 0 else { throw sv.error("two sizes above 0") }
            regions.append(Region(name: try f.required("name", "the region's name").string(), center: (c[0], c[1]), size: (s[0], s[1])))
        }
        let randomization = try top.optional("randomize").map(parseRandomization) ?? Randomization()
        var successDistance = 0.0
        if let sd = top.optional("success_distance") { successDistance = try sd.positive() }
        else if family == .navigation { throw doc.error("`success_distance:` (m) for a navigation scene", field: "success_distance") }

        // Tasks.
        var known = Set(objects.map(\.name) + fixtures.map(\.name) + regions.map(\.name) + robot.arms.map(\.name) + ["robot"])
        if let map { known.formUnion(map.landmarks.map(\.name)) }
        let tasksValue = try top.required("tasks", "a list of tasks")
        var tasks: [TaskSpec] = []
        for v in try tasksValue.items() {
            tasks.append(try parseTask(v, family: family, known: known, map: map, start: start, regions: regions, robot: robot))
        }
        guard !tasks.isEmpty else { throw tasksValue.error("at least one task") }
        var scene = SceneModel(name: name, family: family, robotName: robot.name, robotStart: start, robotHeight: robotHeight,
                               fixtures: fixtures, objects: objects, regions: regions, map: map, tasks: tasks,
                               randomization: randomization, successDistance: successDistance, source: file)
        if let c = top.optional("cameras") {
            scene.cameras = try CameraLoader.parse(c, arms: robot.arms.map(\.name), allowWorld: true,
                                                   known: CameraDefaults.names(robot: robot) + robot.cameras.map(\.name))
        }
        return (scene, robot)
    }

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

    private static func parseMap(_ v: YAMLValue, legend: YAMLValue, cell: Double) throws -> NavigationMap {
        let text = try v.string()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }.filter { !$0.isEmpty }
        guard !lines.isEmpty else { throw v.error("a map of at least one line") }
        guard lines.count <= 400, lines.allSatisfy({ $0.count <= 400 }) else { throw v.error("a map of at most 400 x 400 characters") }
        var entries: [Character: (name: String, passable: Bool)] = [:]
        for (k, value) in try legend.entries() {
            guard k.count == 1, let ch = k.first, ch != "#", ch != ".", ch != " " else {
                throw value.error("a single letter key (not #, . or space)", found: "`\(k)`", field: value.path)
            }
            if case .mapping = value.node {
                let f = try value.fields(allowed: ["name", "passable"])
                entries[ch] = (try f.required("name", "the landmark's name").string(), try f.optional("passable")?.bool() ?? false)
            } else {
                entries[ch] = (try value.string(), false)
            }
        }
        for (r, line) in lines.enumerated() {
            for (c, ch) in line.enumerated() where ch != "#" && ch != "." && ch != " " && entries[ch] == nil {
                let mark = v.mark
                throw AssetError(file: v.file, line: (mark?.line ?? 0) + 1 + r, column: c + 3, field: "map",
                                 expected: "#, ., space or a letter from the legend", found: "`\(ch)`",
                                 hint: "add `\(ch): NAME` to `legend:`")
            }
        }
        for (ch, e) in entries where !lines.contains(where: { $0.contains(ch) }) {
            throw legend.error("letters that appear in the map", found: "`\(ch)` (\(e.name)) is not in the map")
        }
        return NavigationMap(rows: lines, cell: cell, legend: entries)
    }

    private static func parseObject(_ v: YAMLValue, fixtures: [Fixture], objects: [SceneObject], tableTop: Double) throws -> (SceneObject, String?) {
        let f = try v.fields(allowed: ["name", "shape", "size", "radius", "height", "color", "category", "at", "yaw", "on",
                                       "graspable", "container"])
        let name = try f.required("name", "the object's name").string()
        guard !name.isEmpty, !name.contains(" "), name != "robot" else { throw try f.required("name", "").error("a name without spaces (not `robot`)") }
        let shapeValue = try f.required("shape", "box, cylinder, sphere, bowl, plate or basket")
        let shapeName = try shapeValue.string()
        func size() throws -> Vec3 {
            let sv = try f.required("size", "[x, y, z] in metres")
            let s = try sv.vec3()
            guard s.x > 0, s.y > 0, s.z > 0 else { throw sv.error("three sizes above 0") }
            return Vec3(s.x, s.y, s.z)
        }
        func radius() throws -> Double { try f.required("radius", "the radius in metres").positive() }
        func height() throws -> Double { try f.required("height", "the height in metres").positive() }
        let shape: ObjectShape
        switch shapeName {
        case "box": shape = .box(size: try size())
        case "basket": shape = .basket(size: try size())
        case "cylinder": shape = .cylinder(radius: try radius(), height: try height())
        case "bowl": shape = .bowl(radius: try radius(), height: try height())
        case "plate": shape = .plate(radius: try radius(), height: try height())
        case "sphere": shape = .sphere(radius: try radius())
        default: throw shapeValue.error("box, cylinder, sphere, bowl, plate or basket")
        }
        let at = try f.required("at", "[x, y] where it stands").doubles(count: 2)
        let yaw = try f.optional("yaw")?.double() ?? 0
        var baseZ = 0.0
        var support: String? = nil
        if let on = f.optional("on") {
            let s = try on.string()
            support = s
            if let fx = fixtures.first(where: { $0.name == s }) {
                guard fx.containsXY(Vec3(at[0], at[1], 0)) else { throw on.error("`at` within \(s)'s top", found: "[\(at[0]), \(at[1])] is off it", field: "\(v.path).at") }
                baseZ = fx.top
            } else if let o = objects.first(where: { $0.name == s }) {
                baseZ = o.start.translation.z - o.shape.height / 2 + o.shape.supportHeight
            } else {
                throw on.error("a fixture or an earlier object", found: "`\(s)`")
            }
        } else if let table = fixtures.first(where: { $0.name == "table" }), table.containsXY(Vec3(at[0], at[1], 0)) {
            baseZ = table.top
            support = "table"
        } else {
            baseZ = fixtures.first(where: { $0.name == "table" }) == nil ? tableTop : 0
        }
        let isContainer = shape.isContainer
        let defaultGraspable: Bool = { switch shape { case .box, .cylinder, .sphere: return true; default: return false } }()
        let o = SceneObject(name: name, shape: shape, color: try f.optional("color")?.string() ?? "gray",
                            category: try f.optional("category")?.string() ?? shapeName,
                            graspable: try f.optional("graspable")?.bool() ?? defaultGraspable,
                            container: try f.optional("container")?.bool() ?? isContainer,
                            start: Pose(rotation: .rotZ(yaw), translation: Vec3(at[0], at[1], baseZ + shape.height / 2)))
        return (o, support)
    }

    private static func parseRandomization(_ v: YAMLValue) throws -> Randomization {
        let f = try v.fields(allowed: ["jitter", "distractors", "colors", "base_offset"])
        var r = Randomization()
        if let j = f.optional("jitter") { r.jitter = try j.double(); guard r.jitter >= 0, r.jitter <= 0.2 else { throw j.error("a jitter from 0 to 0.2 m") } }
        if let d = f.optional("distractors") { r.distractors = try d.int(); guard (0...10).contains(r.distractors) else { throw d.error("0 to 10 distractors") } }
        if let c = f.optional("colors") { r.colors = try c.bool() }
        if let b = f.optional("base_offset") { r.baseOffset = try b.double(); guard r.baseOffset >= 0, r.baseOffset <= 0.2 else { throw b.error("an offset from 0 to 0.2 m") } }
        return r
    }

    private static func parseTask(_ v: YAMLValue, family: SceneFamily, known: Set<String>, map: NavigationMap?, start: Pose2D,
                                  regions: [Region], robot: RobotModel) throws -> TaskSpec {
        let f = try v.fields(allowed: ["instruction", "goal", "max_steps", "route", "path", "success_ade"])
        let instruction = try f.required("instruction", "the instruction text").string()
        guard !instruction.trimmingCharacters(in: .whitespaces).isEmpty else { throw try f.required("instruction", "").error("a non-empty instruction") }
        let goalValue = try f.required("goal", "a goal predicate, e.g. in(red_cube, blue_bowl)")
        let goalText = try goalValue.string()
        let goal: Goal
        do {
            goal = try GoalParser.parse(goalText)
        } catch let e as GoalSyntaxError {
            throw goalValue.error("a goal predicate", found: e.message)
        }
        for n in goal.names where !known.contains(n) {
            let near = known.min { editDistance($0, n) < editDistance($1, n) }
            throw goalValue.error("names of this scene's objects, fixtures, regions, landmarks, arms or `robot`", found: "`\(n)` in \(goalText)",
                                  hint: near.map { "did you mean `\($0)`?" })
        }
        let maxValue = try f.required("max_steps", "the step budget")
        let maxSteps = try maxValue.int()
        guard (1...100_000).contains(maxSteps) else { throw maxValue.error("1 to 100000 steps") }
        var path: [Vec3] = []
        var subject: PathSubject?
        var ade: Double?
        if let route = f.optional("route") {
            guard let map else { throw route.error("no route without a map") }
            var cur = map.cell(at: Vec3(start.x, start.y, 0))
            var cells = [cur]
            for stop in try route.items() {
                let n = try stop.string()
                var target: NavigationMap.Cell?
                if let mark = map.landmark(n) {
                    target = map.approachCell(of: mark, from: cur)
                } else if let r = regions.first(where: { $0.name == n }) {
                    target = map.cell(at: Vec3(r.center.x, r.center.y, 0))
                    if let t = target, !map.isFree(t) { target = nil }
                } else {
                    throw stop.error("a landmark or room of this map", found: "`\(n)`")
                }
                guard let t = target, let leg = map.shortestPath(from: cur, to: t) else {
                    throw stop.error("a place reachable from the previous one", found: "no free path to \(n)",
                                     hint: "check the map's doors and walls")
                }
                cells += leg.dropFirst()
                cur = t
            }
            path = cells.map { map.center(of: $0) }
            subject = .base
        }
        if let p = f.optional("path") {
            let pf = try p.fields(allowed: ["subject", "points"])
            subject = try pf.required("subject", "end_effector or base").oneOf(PathSubject.self)
            let pts = try pf.required("points", "a list of points")
            for item in try pts.items() {
                let v = try item.doubles()
                switch (subject!, v.count) {
                case (.endEffector, 3): path.append(Vec3(v[0], v[1], v[2]))
                case (.base, 2): path.append(Vec3(v[0], v[1], 0))
                default: throw item.error(subject == .base ? "[x, y]" : "[x, y, z]", found: "\(v.count) numbers")
                }
            }
            guard path.count >= 2 else { throw pts.error("at least two points") }
            if subject == .endEffector && robot.arms.isEmpty { throw p.error("a robot with an arm for an end_effector path") }
            if subject == .base && robot.mobileBase == nil { throw p.error("a robot with a mobile base for a base path") }
            ade = try f.required("success_ade", "the ADE (m) that counts as success").positive()
        } else if let s = f.optional("success_ade") {
            throw s.error("no success_ade without a path")
        }
        if family == .navigation && path.isEmpty { throw v.error("a `route:` for a navigation task", field: "\(v.path).route") }
        if family == .trajectory && f.optional("path") == nil { throw v.error("a `path:` for a trajectory task", field: "\(v.path).path") }
        return TaskSpec(instruction: instruction, goalText: goalText, goal: goal, maxSteps: maxSteps, referencePath: path,
                        pathSubject: subject, successADE: ade, line: v.mark?.line ?? 0)
    }

    static func fmtShort(_ v: Double) -> String { String(format: "%.3f", v) }

    /// A [col, row] pair of whole numbers inside the map.
    static func mapCell(_ v: YAMLValue, _ map: NavigationMap) throws -> NavigationMap.Cell {
        let items = try v.items()
        guard items.count == 2 else { throw v.error("[col, row]", found: "\(items.count) numbers") }
        let col = try items[0].int(), row = try items[1].int()
        guard row >= 0, row < map.height, col >= 0, col < map.width else {
            throw v.error("a cell inside the \(map.width) x \(map.height) map", found: "[\(col), \(row)]")
        }
        return NavigationMap.Cell(col: col, row: row)
    }

    /// Whether two resting objects' footprints intersect (discs for round shapes,
    /// axis-aligned rectangles for boxes; 1 mm of slack for touching neighbours).
    static func footprintsOverlap(_ a: SceneObject, _ b: SceneObject) -> Bool {
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
}

/// The Scenes/ folder.
public struct SceneLibrary: Sendable {
    public let directory: String
    public init(directory: String) { self.directory = directory }

    /// Scenes/ beside the Robots/ folder that was found.
    public static func beside(_ robots: RobotLibrary, explicit: String? = nil) -> SceneLibrary {
        if let explicit { return SceneLibrary(directory: explicit) }
        return SceneLibrary(directory: ((robots.directory as NSString).deletingLastPathComponent as NSString).appendingPathComponent("Scenes"))
    }

    public func names() -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }

    public func path(of name: String) -> String { (directory as NSString).appendingPathComponent("\(name).yaml") }

    public func load(_ name: String, robots: RobotLibrary, robot: String? = nil) throws -> (SceneModel, RobotModel) {
        let known = names()
        guard known.contains(name) else {
            let near = known.min { editDistance($0, name) < editDistance($1, name) }
            throw AssetError(file: directory, line: 1, column: 1, field: "scene", expected: "one of \(known.joined(separator: ", "))",
                             found: "`\(name)`", hint: near.map { "did you mean `\($0)`? (`vlaplay scenes` lists them)" })
        }
        return try SceneLoader.load(path: path(of: name), robots: robots, robot: robot)
    }
}
