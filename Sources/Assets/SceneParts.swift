import Foundation
import Spatial
import World

/// `parts:` — drawers, doors, knobs and buttons: a moving box on a joint, with a
/// handle, limits and the thresholds at which it reads open, closed, on or off.
extension SceneLoader {
    static func readParts(_ top: Fields, fixtures: [Fixture]) throws -> [ArticulatedPart] {
        var parts: [ArticulatedPart] = []
        for v in try (top.optional("parts")?.items() ?? []) {
            let (part, nameValue) = try parsePart(v, fixtures: fixtures)
            if fixtures.contains(where: { $0.name == part.name }) || parts.contains(where: { $0.name == part.name }) {
                throw nameValue.error("a name no other part or fixture has", found: "`\(part.name)`")
            }
            parts.append(part)
        }
        return parts
    }

    private static func parsePart(_ v: YAMLValue, fixtures: [Fixture]) throws -> (ArticulatedPart, YAMLValue) {
        let f = try v.fields(allowed: ["name", "kind", "center", "size", "axis", "pivot", "handle", "travel", "start", "open_at",
                                       "closed_at", "color", "in", "inside"])
        let nameValue = try f.required("name", "the part's name")
        let name = try nameValue.string()
        guard !name.isEmpty, !name.contains(" "), name != "robot" else { throw nameValue.error("a name without spaces (not `robot`)") }
        let kind = try f.required("kind", "drawer, door, knob or button").oneOf(PartKind.self)
        let center = try f.required("center", "[x, y, z] of the moving box's centre, closed").vec3()
        let sizeValue = try f.required("size", "[x, y, z] of the moving box")
        let s = try sizeValue.vec3()
        guard s.x > 0, s.y > 0, s.z > 0 else { throw sizeValue.error("three sizes above 0") }
        let c = Vec3(center.x, center.y, center.z), size = Vec3(s.x, s.y, s.z)
        var mount: String?
        if let m = f.optional("in") {
            let n = try m.string()
            guard fixtures.contains(where: { $0.name == n }) else {
                throw m.error("the name of a fixture", found: "`\(n)`", hint: suggestion(for: n, among: fixtures.map(\.name)).map { "did you mean `\($0)`?" })
            }
            mount = n
        }
        let color = try f.optional("color")?.string() ?? "gray"
        if kind.isSwitch {
            let on = try (f.optional("start")?.double() ?? 0) >= 0.5
            return (ArticulatedPart(name: name, kind: kind, color: color, center: c, size: size, axis: Vec3(0, 0, 1), pivot: c,
                                    handle: c, lower: 0, upper: 1, start: on ? 1 : 0, mount: mount), nameValue)
        }
        let axisValue = try f.required("axis", kind.isPrismatic ? "[x, y, z], the way it slides out" : "[x, y, z], the axis it turns about")
        let a = try axisValue.vec3()
        let axis = Vec3(a.x, a.y, a.z)
        guard length(axis) > 1e-6 else { throw axisValue.error("a direction (not [0, 0, 0])") }
        let pivot: Vec3
        if kind == .door || f.has("pivot") {
            let t = try f.required("pivot", "[x, y, z], a point on the hinge line").vec3()
            pivot = Vec3(t.x, t.y, t.z)
        } else {
            pivot = c
        }
        let handleValue = try f.required("handle", "[x, y, z] of the handle (where a gripper takes it), closed")
        let h = try handleValue.vec3()
        let handle = Vec3(h.x, h.y, h.z)
        if kind != .drawer {
            let r = handle - pivot
            let off = length(r - normalize(axis) * dot(r, normalize(axis)))
            guard off >= 0.01 else {
                throw handleValue.error("a handle at least 1 cm from the axis (it is turned by it)", found: "\(clampedInt(off * 1000)) mm from it",
                                        hint: "put the handle on the rim (a knob's tab) or the free edge (a door's)")
            }
        }
        let travelValue = try f.required("travel", kind.isPrismatic ? "[closed, open] in metres" : "[closed, open] in radians")
        let travel = try travelValue.doubles(count: 2)
        guard travel[0] < travel[1] else { throw travelValue.error("[lower, upper] with lower < upper", found: "[\(travel[0]), \(travel[1])]") }
        if kind.isPrismatic, travel[1] - travel[0] > 2 { throw travelValue.error("at most 2 m of travel") }
        if !kind.isPrismatic, travel[1] - travel[0] > 2 * .pi { throw travelValue.error("at most one turn (6.283 rad)") }
        func within(_ key: String) throws -> Double? {
            guard let value = f.optional(key) else { return nil }
            let x = try value.double()
            guard x >= travel[0], x <= travel[1] else { throw value.error("a value within travel [\(travel[0]), \(travel[1])]", found: "\(x)") }
            return x
        }
        // `inside:` a door's cavity (a microwave's), where things are put.
        var cavity: PartCavity?
        if let inside = f.optional("inside") {
            guard kind == .door else { throw inside.error("`inside:` only on a door (a drawer's inside is its tray)") }
            let g = try inside.fields(allowed: ["center", "size"])
            let ic = try g.required("center", "[x, y, z] of the inside's centre").vec3()
            let isv = try g.required("size", "[x, y, z] of the inside")
            let isz = try isv.vec3()
            guard isz.x > 0, isz.y > 0, isz.z > 0 else { throw isv.error("three sizes above 0") }
            cavity = PartCavity(center: Vec3(ic.x, ic.y, ic.z), size: Vec3(isz.x, isz.y, isz.z))
        }
        return (ArticulatedPart(name: name, kind: kind, color: color, center: c, size: size, axis: axis, pivot: pivot, handle: handle,
                                lower: travel[0], upper: travel[1], start: try within("start") ?? travel[0],
                                openAt: try within("open_at"), closedAt: try within("closed_at"), mount: mount, cavity: cavity), nameValue)
    }
}
