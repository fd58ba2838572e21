import Foundation
import Kinematics
import Spatial
import World

/// `objects:` — each resting on its support, clear of its neighbours, within reach.
extension SceneLoader {
    /// `basePose` nil: read without the reach check (to place a swapped robot first).
    static func readObjects(_ top: Fields, fixtures: [Fixture], tableTop: Double, robot: RobotModel,
                            basePose: Pose?, start: Pose2D) throws -> [SceneObject] {
        var objects: [SceneObject] = []
        var objectValues: [YAMLValue] = []
        var supports: [String?] = []
        for v in try (top.optional("objects")?.items() ?? []) {
            let (o, support) = try parseObject(v, fixtures: fixtures, objects: objects, tableTop: tableTop)
            try enforce(SceneRules.uniqueName(o.name, objects: objects, fixtures: fixtures), at: v)
            if let j = SceneRules.firstOverlap(o, support: support, objects: objects, supports: supports) {
                let a = o.start.translation
                throw v.error("a place clear of \(objects[j].name) (line \(objectValues[j].mark?.line ?? 0))",
                              found: "overlapping footprints at [\(a.x), \(a.y)]", field: "\(v.path).at")
            }
            if let basePose { try enforce(SceneRules.reachability(of: o, robot: robot, basePose: basePose, start: start), at: v) }
            objects.append(o); objectValues.append(v); supports.append(support)
        }
        return objects
    }

    /// One object and the name of what it rests on (nil: the floor, or the table height without a table).
    private static func parseObject(_ v: YAMLValue, fixtures: [Fixture], objects: [SceneObject], tableTop: Double) throws -> (SceneObject, String?) {
        let f = try v.fields(allowed: ["name", "shape", "size", "radius", "height", "color", "category", "at", "yaw", "on",
                                       "graspable", "container"])
        let name = try f.required("name", "the object's name").string()
        guard !name.isEmpty, !name.contains(" "), name != "robot" else { throw try f.required("name", "").error("a name without spaces (not `robot`)") }
        let shapeValue = try f.required("shape", "box, cylinder, sphere, bowl, plate or basket")
        let shapeName = try shapeValue.string()
        let shape = try parseShape(shapeName, shapeValue, f)
        let at = try f.required("at", "[x, y] where it stands").doubles(count: 2)
        let yaw = try f.optional("yaw")?.double() ?? 0
        let (baseZ, support) = try restingHeight(at: at, on: f.optional("on"), object: v, fixtures: fixtures, objects: objects, tableTop: tableTop)
        let defaultGraspable: Bool = { switch shape { case .box, .cylinder, .sphere: return true; default: return false } }()
        let o = SceneObject(name: name, shape: shape, color: try f.optional("color")?.string() ?? "gray",
                            category: try f.optional("category")?.string() ?? shapeName,
                            graspable: try f.optional("graspable")?.bool() ?? defaultGraspable,
                            container: try f.optional("container")?.bool() ?? shape.isContainer,
                            start: Pose(rotation: .rotZ(yaw), translation: Vec3(at[0], at[1], baseZ + shape.height / 2)))
        return (o, support)
    }

    /// The shape named by `shape:` with the dimensions it needs.
    private static func parseShape(_ shapeName: String, _ shapeValue: YAMLValue, _ f: Fields) throws -> ObjectShape {
        func size() throws -> Vec3 {
            let sv = try f.required("size", "[x, y, z] in metres")
            let s = try sv.vec3()
            guard s.x > 0, s.y > 0, s.z > 0 else { throw sv.error("three sizes above 0") }
            return Vec3(s.x, s.y, s.z)
        }
        func radius() throws -> Double { try f.required("radius", "the radius in metres").positive() }
        func height() throws -> Double { try f.required("height", "the height in metres").positive() }
        switch shapeName {
        case "box": return .box(size: try size())
        case "basket": return .basket(size: try size())
        case "cylinder": return .cylinder(radius: try radius(), height: try height())
        case "bowl": return .bowl(radius: try radius(), height: try height())
        case "plate": return .plate(radius: try radius(), height: try height())
        case "sphere": return .sphere(radius: try radius())
        default: throw shapeValue.error("box, cylinder, sphere, bowl, plate or basket")
        }
    }

    /// Where the object's bottom rests: on the fixture or earlier object named by `on:`,
    /// else on the table when it stands over it, else on the floor.
    private static func restingHeight(at: [Double], on: YAMLValue?, object v: YAMLValue, fixtures: [Fixture],
                                      objects: [SceneObject], tableTop: Double) throws -> (z: Double, support: String?) {
        if let on {
            let s = try on.string()
            if let fx = fixtures.first(where: { $0.name == s }) {
                guard fx.containsXY(Vec3(at[0], at[1], 0)) else { throw on.error("`at` within \(s)'s top", found: "[\(at[0]), \(at[1])] is off it", field: "\(v.path).at") }
                return (fx.top, s)
            } else if let o = objects.first(where: { $0.name == s }) {
                return (o.start.translation.z - o.shape.height / 2 + o.shape.supportHeight, s)
            }
            throw on.error("a fixture or an earlier object", found: "`\(s)`")
        }
        if let table = fixtures.first(where: { $0.name == "table" }), table.containsXY(Vec3(at[0], at[1], 0)) {
            return (table.top, "table")
        }
        return (fixtures.first(where: { $0.name == "table" }) == nil ? tableTop : 0, nil)
    }
}
