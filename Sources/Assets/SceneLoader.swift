import Foundation
import Kinematics
import Spatial
import World

/// Reads scene files (Scenes/*.yaml, format in docs/SCENES.md) into a `SceneModel`,
/// checked against the robot that will run it. Every problem is a located `AssetError`.
/// What makes a scene valid is `SceneRules` (World); this loader reads the YAML, asks
/// the rules, and says where a broken one is.
public enum SceneLoader {
    public static func load(path: String, robots: RobotLibrary, robot override: String? = nil) throws -> (SceneModel, RobotModel) {
        let text = try readAssetFile(path)
        let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return try load(text: text, file: path, expectedName: stem, robots: robots, robot: override)
    }

    public static func load(text: String, file: String, expectedName: String? = nil, robots: RobotLibrary, robot override: String? = nil) throws -> (SceneModel, RobotModel) {
        let doc = try YAMLValue.parse(text, file: file)
        let top = try doc.fields(allowed: ["name", "family", "robot", "robot_start", "table", "fixtures", "objects", "regions",
                                           "randomize", "tasks", "map", "legend", "cell", "rooms", "success_distance", "cameras", "parts"])
        let nameValue = try top.required("name", "the scene's name")
        let name = try nameValue.string()
        if let expectedName, expectedName != name {
            throw nameValue.error("the file's name `\(expectedName)`", hint: "rename the file to \(name).yaml or set `name: \(expectedName)`")
        }
        let family = try top.required("family", "the task family").oneOf(SceneFamily.self)
        let robot = try resolveRobot(top, family: family, robots: robots, override: override)

        // The map (navigation), before anything is placed on it.
        let (map, rooms) = try readMap(top)
        var start = try readStart(top, map: map)
        try enforce(SceneRules.start(start, base: robot.mobileBase, map: map), at: top.optional("robot_start") ?? doc)

        let (fixtures, tableTop) = try readFixtures(top)
        let parts = try readParts(top, fixtures: fixtures)
        let robotHeight = robot.mobileBase == nil ? tableTop : 0
        // Another fixed-base arm than the scene's own stands where its home pose faces the
        // scene's objects at its own reach (SceneRules.placement); the reach check below
        // then says which object it still cannot reach.
        if let declared = try? top.required("robot", "").string(), declared != robot.name, robot.mobileBase == nil, map == nil {
            let placed = try readObjects(top, fixtures: fixtures, tableTop: tableTop, robot: robot, basePose: nil, start: start)
            start = SceneRules.placement(for: robot, facing: placed.filter(\.graspable).map(\.start.translation), from: start)
        }
        let basePose = Pose(rotation: .rotZ(start.yaw), translation: Vec3(start.x, start.y, robotHeight))
        let objects = try readObjects(top, fixtures: fixtures, tableTop: tableTop, robot: robot, basePose: basePose, start: start)
        let regions = try rooms + readRegions(top)
        let randomization = try top.optional("randomize").map(readRandomization) ?? Randomization()
        var successDistance = 0.0
        if let sd = top.optional("success_distance") {
            successDistance = try sd.positive()
        } else if let violation = SceneRules.successDistanceRequired(family: family) {
            throw doc.error(violation, field: "success_distance")
        }

        for (v, o) in zip(try top.optional("objects")?.items() ?? [], objects) where parts.contains(where: { $0.name == o.name }) {
            throw v.error("a name no part has", found: "`\(o.name)`", field: "\(v.path).name")
        }
        let known = SceneRules.knownNames(objects: objects, fixtures: fixtures, regions: regions, robot: robot, map: map, parts: parts)
        let tasksValue = try top.required("tasks", "a list of tasks")
        var tasks: [TaskSpec] = []
        for v in try tasksValue.items() {
            tasks.append(try readTask(v, family: family, known: known, map: map, start: start, regions: regions, robot: robot))
        }
        guard !tasks.isEmpty else { throw tasksValue.error("at least one task") }
        var scene = SceneModel(name: name, family: family, robotName: robot.name, robotStart: start, robotHeight: robotHeight,
                               fixtures: fixtures, objects: objects, regions: regions, map: map, tasks: tasks,
                               randomization: randomization, successDistance: successDistance, source: file)
        scene.parts = parts
        if let c = top.optional("cameras") {
            scene.cameras = try CameraLoader.parse(c, arms: robot.arms.map(\.name), allowWorld: true,
                                                   known: CameraDefaults.names(robot: robot) + robot.cameras.map(\.name))
        }
        return (scene, robot)
    }

    /// The scene's robot (or `--robot`'s), which must be able to run the family.
    private static func resolveRobot(_ top: Fields, family: SceneFamily, robots: RobotLibrary, override: String?) throws -> RobotModel {
        let robotValue = try top.required("robot", "the default robot's name")
        let robotName = try override ?? robotValue.string()
        let robot: RobotModel
        do {
            robot = try robots.load(robotName)
        } catch let e as UnknownName where override == nil {
            // The scene file names a robot no card has: located at the file's `robot:`.
            throw robotValue.error("one of \(e.known.joined(separator: ", "))", found: "`\(e.name)`",
                                   hint: suggestion(for: e.name, among: e.known).map { "did you mean `\($0)`? (`vlaplay robots` lists them)" })
        }
        if let problem = SceneRules.compatibility(family: family, robot: robot) {
            if override != nil {
                // The scene is fine; the command line chose a robot that cannot run it.
                throw AssetError(file: robotValue.file, line: robotValue.mark?.line ?? 1, column: robotValue.mark?.column ?? 1,
                                 field: "--robot", expected: problem, found: "\(robot.name) (\(robot.kind.rawValue))")
            }
            throw robotValue.error(problem, found: "\(robot.name) (\(robot.kind.rawValue))")
        }
        return robot
    }

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
}
