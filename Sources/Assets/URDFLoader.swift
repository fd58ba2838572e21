import Foundation
import Kinematics
import Spatial

/// The joints of one URDF chain, ready to place in a robot's tree.
struct URDFChain {
    /// Joints base to tip; parents are chain-relative (-1 = the chain's base).
    var joints: [Joint]
    /// Things the loader left out on purpose (meshes), to show the user.
    var notes: [String]
}

enum URDFLoader {
    /// Reads the serial chain from `base` (default: the root link) to `tip`
    /// (default: the only leaf reached without branching).
    static func chain(text: String, file: String, base: String?, tip: String?) throws -> URDFChain {
        guard text.utf8.count <= 8 * TextBounds.largestFile else {
            throw AssetError(file: file, line: 1, column: 1, field: "(document)", expected: "a URDF of at most 8 MiB", found: "\(text.utf8.count) bytes")
        }
        let root: XMLElement
        do {
            root = try XMLReader.parse(text)
        } catch let e as XMLSyntaxError {
            throw AssetError(file: file, line: e.line, column: e.column, field: "(xml)", expected: e.message)
        }
        func err(_ el: XMLElement, _ field: String, _ expected: String, found: String? = nil, hint: String? = nil) -> AssetError {
            AssetError(file: file, line: el.line, column: el.column, field: field, expected: expected, found: found, hint: hint)
        }
        guard root.name == "robot" else { throw err(root, "(root)", "a <robot> element", found: "<\(root.name)>") }

        var links: [String: XMLElement] = [:]
        for l in root.children(named: "link") {
            guard let n = l.attribute("name")?.value, !n.isEmpty else { throw err(l, "link", "a name attribute") }
            guard links[n] == nil else { throw err(l, "link[\(n)]", "each link name once", found: "a second link \(n)") }
            links[n] = l
        }
        struct RawJoint { var el: XMLElement; var name: String; var parent: String; var child: String }
        var joints: [RawJoint] = []
        var jointByChild: [String: Int] = [:]
        for j in root.children(named: "joint") {
            guard let n = j.attribute("name")?.value, !n.isEmpty else { throw err(j, "joint", "a name attribute") }
            guard let p = j.child(named: "parent")?.attribute("link")?.value else {
                throw err(j, "joint[\(n)].parent", "<parent link=\"...\"/>")
            }
            guard let c = j.child(named: "child")?.attribute("link")?.value else {
                throw err(j, "joint[\(n)].child", "<child link=\"...\"/>")
            }
            guard links[p] != nil else { throw err(j, "joint[\(n)].parent", "a link defined in this file", found: "\(p)") }
            guard links[c] != nil else { throw err(j, "joint[\(n)].child", "a link defined in this file", found: "\(c)") }
            guard jointByChild[c] == nil else { throw err(j, "joint[\(n)].child", "a link with one parent joint", found: "\(c) has two") }
            if joints.contains(where: { $0.name == n }) { throw err(j, "joint[\(n)]", "each joint name once", found: "a second joint \(n)") }
            jointByChild[c] = joints.count
            joints.append(RawJoint(el: j, name: n, parent: p, child: c))
        }
        // Each link has one parent joint, so a cycle is a loop of links none of which is
        // the root: it would be ignored unless a tip lies on it. Refuse it wherever it is.
        for start in joints.indices {
            var link = joints[start].parent
            var steps = 0
            while let up = jointByChild[link] {
                steps += 1
                guard up != start, steps <= joints.count else {
                    throw err(joints[start].el, "joint[\(joints[start].name)]", "a tree of links without cycles",
                              found: "a kinematic cycle through link \(joints[start].child)")
                }
                link = joints[up].parent
            }
        }
        let roots = links.keys.filter { jointByChild[$0] == nil }.sorted()
        let baseLink: String
        if let base {
            guard links[base] != nil else { throw err(root, "urdf_base", "a link of \(file)", found: base, hint: "links: \(links.keys.sorted().joined(separator: ", "))") }
            baseLink = base
        } else {
            guard roots.count == 1 else { throw err(root, "(root)", "one root link", found: roots.joined(separator: ", ")) }
            baseLink = roots[0]
        }
        let tipLink: String
        if let tip {
            guard links[tip] != nil else { throw err(root, "urdf_tip", "a link of \(file)", found: tip, hint: "links: \(links.keys.sorted().joined(separator: ", "))") }
            tipLink = tip
        } else {
            var link = baseLink
            var visited = Set<String>()
            while true {
                let next = joints.filter { $0.parent == link }
                if next.isEmpty { break }
                guard next.count == 1 else {
                    throw err(links[link]!, "urdf_tip", "a tip link to choose a branch",
                              found: "link \(link) branches to \(next.map(\.child).joined(separator: ", "))",
                              hint: "add `urdf_tip: LINK` to the arm in the card")
                }
                guard visited.insert(link).inserted else { throw err(root, "(root)", "a tree without cycles") }
                link = next[0].child
            }
            tipLink = link
        }
        // Walk up from the tip to the base.
        var pathIdx: [Int] = []
        var link = tipLink
        while link != baseLink {
            guard let ji = jointByChild[link] else {
                throw err(root, "urdf_tip", "a tip below the base link \(baseLink)", found: tipLink)
            }
            guard pathIdx.count <= joints.count else { throw err(root, "(root)", "a tree without cycles") }
            pathIdx.append(ji)
            link = joints[ji].parent
        }
        pathIdx.reverse()

        var out: [Joint] = []
        var notes: [String] = []
        for (k, ji) in pathIdx.enumerated() {
            let raw = joints[ji]
            let el = raw.el
            let field = "joint[\(raw.name)]"
            guard let typeText = el.attribute("type")?.value else { throw err(el, "\(field).type", "a type attribute") }
            guard let type = JointType(rawValue: typeText) else {
                throw err(el, "\(field).type", "revolute, continuous, prismatic or fixed", found: typeText,
                          hint: typeText == "floating" || typeText == "planar" ? "vlaplay models bases with `mobile_base:` in the card" : nil)
            }
            var placement = Pose.identity
            if let o = el.child(named: "origin") {
                let xyz = try vector(o, "xyz", field: "\(field).origin.xyz", file: file) ?? .zero
                let rpy = try vector(o, "rpy", field: "\(field).origin.rpy", file: file) ?? .zero
                placement = Pose(xyz: xyz, rpy: rpy)
            }
            var axis = Vec3(1, 0, 0)  // URDF's default axis
            if let a = el.child(named: "axis") {
                guard let v = try vector(a, "xyz", field: "\(field).axis.xyz", file: file) else {
                    throw err(a, "\(field).axis.xyz", "an xyz attribute")
                }
                // The URDF spec ignores a fixed joint's axis (example-robot-data's SO-101 writes 0 0 0).
                if type != .fixed {
                    guard length(v) > 1e-9 else { throw err(a, "\(field).axis.xyz", "a non-zero axis", found: "0 0 0") }
                    axis = normalize(v)
                }
            }
            var lower = -Double.infinity, upper = Double.infinity, velocity = Double.infinity
            if type == .revolute || type == .prismatic || type == .continuous {
                let limit = el.child(named: "limit")
                if type != .continuous {
                    guard let limit else { throw err(el, "\(field).limit", "<limit lower=.. upper=.. velocity=..> for a \(type.rawValue) joint") }
                    // URDF defaults lower and upper to 0, as Pinocchio reads them: such a joint cannot move.
                    lower = try number(limit, "lower", field: "\(field).limit.lower", file: file) ?? 0
                    upper = try number(limit, "upper", field: "\(field).limit.upper", file: file) ?? 0
                    guard lower <= upper else {
                        throw err(limit, "\(field).limit", "lower <= upper", found: "lower \(lower), upper \(upper)")
                    }
                    if lower == upper {
                        notes.append("\(file):\(limit.line): joint \(raw.name): lower = upper = \(lower), so the joint cannot move")
                    }
                }
                if let limit {
                    guard let v = try number(limit, "velocity", field: "\(field).limit.velocity", file: file) else {
                        throw err(limit, "\(field).limit.velocity", "a velocity attribute (rad/s or m/s)")
                    }
                    guard v > 0 else { throw err(limit, "\(field).limit.velocity", "a velocity above 0", found: "\(v)") }
                    velocity = v
                }
            }
            let shapes = try collisionShapes(links[raw.child]!, link: raw.child, file: file, notes: &notes)
            out.append(Joint(name: raw.name, type: type, parent: k - 1, placement: placement, axis: axis,
                             lower: lower, upper: upper, maxVelocity: velocity, shapes: shapes))
        }
        return URDFChain(joints: out, notes: notes)
    }

    private static func collisionShapes(_ link: XMLElement, link name: String, file: String, notes: inout [String]) throws -> [Primitive] {
        var shapes: [Primitive] = []
        for v in link.children(named: "visual") where v.child(named: "geometry")?.child(named: "mesh") != nil {
            notes.append("\(file):\(v.line): link \(name): mesh visual ignored (vlaplay draws primitives only)")
        }
        for c in link.children(named: "collision") {
            let field = "link[\(name)].collision"
            var origin = Pose.identity
            if let o = c.child(named: "origin") {
                origin = Pose(xyz: try vector(o, "xyz", field: "\(field).origin.xyz", file: file) ?? .zero,
                              rpy: try vector(o, "rpy", field: "\(field).origin.rpy", file: file) ?? .zero)
            }
            guard let g = c.child(named: "geometry"), let shape = g.children.first else {
                throw AssetError(file: file, line: c.line, column: c.column, field: "\(field).geometry", expected: "<geometry> with a box, cylinder, sphere or mesh")
            }
            switch shape.name {
            case "box":
                guard let s = try vector(shape, "size", field: "\(field).geometry.box.size", file: file), s.x > 0, s.y > 0, s.z > 0 else {
                    throw AssetError(file: file, line: shape.line, column: shape.column, field: "\(field).geometry.box.size", expected: "three sizes above 0")
                }
                shapes.append(Primitive(.box(size: s), origin: origin))
            case "cylinder":
                guard let r = try number(shape, "radius", field: "\(field).geometry.cylinder.radius", file: file), r > 0,
                      let l = try number(shape, "length", field: "\(field).geometry.cylinder.length", file: file), l > 0 else {
                    throw AssetError(file: file, line: shape.line, column: shape.column, field: "\(field).geometry.cylinder", expected: "radius and length above 0")
                }
                shapes.append(Primitive(.cylinder(radius: r, length: l), origin: origin))
            case "sphere":
                guard let r = try number(shape, "radius", field: "\(field).geometry.sphere.radius", file: file), r > 0 else {
                    throw AssetError(file: file, line: shape.line, column: shape.column, field: "\(field).geometry.sphere.radius", expected: "a radius above 0")
                }
                shapes.append(Primitive(.sphere(radius: r), origin: origin))
            case "mesh":
                notes.append("\(file):\(shape.line): link \(name): mesh collision ignored (vlaplay draws primitives only)")
            default:
                throw AssetError(file: file, line: shape.line, column: shape.column, field: "\(field).geometry",
                                 expected: "box, cylinder, sphere or mesh", found: "<\(shape.name)>")
            }
        }
        return shapes
    }

    /// A number attribute in `NumberBounds`' range (a plain decimal, magnitude at most 1000).
    private static func number(_ el: XMLElement, _ attr: String, field: String, file: String) throws -> Double? {
        guard let a = el.attribute(attr) else { return nil }
        guard let v = NumberBounds.decimal(a.value).flatMap({ NumberBounds.checked($0, positive: false) }) else {
            throw AssetError(file: file, line: a.line, column: a.column, field: field, expected: NumberBounds.expectedNumber(), found: "\"\(a.value)\"")
        }
        return v
    }

    private static func vector(_ el: XMLElement, _ attr: String, field: String, file: String) throws -> Vec3? {
        guard let a = el.attribute(attr) else { return nil }
        let parts = a.value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
        let values = parts.compactMap { NumberBounds.decimal($0).flatMap { NumberBounds.checked($0, positive: false) } }
        guard parts.count == 3, values.count == 3 else {
            throw AssetError(file: file, line: a.line, column: a.column, field: field,
                             expected: "three decimal numbers from -1000 to 1000 separated by spaces", found: "\"\(a.value)\"")
        }
        return Vec3(values[0], values[1], values[2])
    }
}
