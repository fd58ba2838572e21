import Foundation
import Kinematics
import Spatial
import World

/// The robot's body as a card builds it up: joints in tree order (torso first, then
/// each arm), their drawing radii, and the arms found so far.
struct BodyDraft {
    struct ArmDraft { var name: String; var tipJoint: Int; var tool: Pose; var gripper: GripperModel; var first: Int }

    var joints: [Joint] = []
    /// Capsule radius per joint (nil: nothing drawn for it).
    var radii: [Double?] = []
    var notes: [String] = []
    var arms: [ArmDraft] = []
    /// The torso's last joint, which the arms hang on (-1: the base).
    private var torsoEnd = -1
    /// Standard DH's fixed part after the torso's last joint, carried into each arm's mount.
    private var torsoTail = Pose.identity

    /// `torso:` — joints before the arms; arms hang on its last frame.
    mutating func addTorso(_ torso: YAMLValue) throws {
        let entries = try torso.items()
        guard !entries.isEmpty else { throw torso.error("at least one torso joint") }
        var tail = Pose.identity
        for e in entries {
            var (j, r, t) = try RobotCardLoader.chainEntry(e)
            j.placement = tail * j.placement
            tail = t
            j.parent = joints.count - 1
            joints.append(j); radii.append(r)
        }
        torsoEnd = joints.count - 1
        torsoTail = tail
    }

    /// One entry of `arms:`: its joints from a `chain:` or a `urdf:`, its tool and gripper.
    mutating func addArm(_ armValue: YAMLValue, directory: String, readFile: (String) -> String?) throws {
        let f = try armValue.fields(allowed: ["name", "mount", "chain", "urdf", "urdf_base", "urdf_tip", "tool", "gripper"])
        let armNameValue = try f.required("name", "the arm's name (main, left, right)")
        let armName = try armNameValue.string()
        guard !armName.isEmpty else { throw armNameValue.error("a non-empty name") }
        if arms.contains(where: { $0.name == armName }) { throw armNameValue.error("a name no other arm has") }
        let mount = try torsoTail * (f.optional("mount").map(RobotCardLoader.pose) ?? .identity)
        let first = joints.count
        var tail = Pose.identity
        switch (f.optional("chain"), f.optional("urdf")) {
        case (let chain?, nil):
            tail = try addChain(chain, mount: mount)
        case (nil, let urdfValue?):
            try addURDF(urdfValue, fields: f, mount: mount, directory: directory, readFile: readFile)
        case (nil, nil):
            throw armValue.error("`chain:` or `urdf:`", found: "neither", field: "\(armValue.path).chain")
        case (_?, _?):
            throw armValue.error("`chain:` or `urdf:`, not both", field: "\(armValue.path).urdf")
        }
        if let violation = RobotRules.arm(joints: joints[first...]) {
            throw armValue.error(violation, field: "\(armValue.path).chain")
        }
        let tool = tail * (try f.optional("tool").map(RobotCardLoader.pose) ?? .identity)
        let gripper = try f.optional("gripper").map(Self.gripper) ?? GripperModel(type: .none, maxWidth: 0)
        arms.append(ArmDraft(name: armName, tipJoint: joints.count - 1, tool: tool, gripper: gripper, first: first))
    }

    /// A `chain:` of entries; returns the fixed transform that follows its last joint.
    private mutating func addChain(_ chain: YAMLValue, mount: Pose) throws -> Pose {
        let entries = try chain.items()
        guard !entries.isEmpty else { throw chain.error("at least one joint") }
        var tail = Pose.identity
        for (k, e) in entries.enumerated() {
            var (j, r, t) = try RobotCardLoader.chainEntry(e)
            j.placement = (k == 0 ? mount : tail) * j.placement
            tail = t
            j.parent = k == 0 ? torsoEnd : joints.count - 1
            joints.append(j); radii.append(r)
        }
        return tail
    }

    /// The joints of a URDF between `urdf_base` and `urdf_tip`, read relative to the card.
    private mutating func addURDF(_ urdfValue: YAMLValue, fields f: Fields, mount: Pose, directory: String,
                                  readFile: (String) -> String?) throws {
        let rel = try urdfValue.string()
        let path = rel.hasPrefix("/") ? rel : (directory as NSString).appendingPathComponent(rel)
        guard let text = readFile(path) else {
            // Say which: a missing file, or one that is there but not UTF-8 text (issue 15).
            let exists = FileManager.default.fileExists(atPath: path)
            throw urdfValue.error(exists ? "a URDF in UTF-8 text" : "a URDF file that exists",
                                  found: exists ? "\(path), which is not UTF-8 (or not readable)" : "no file at \(path)",
                                  hint: exists ? "convert it, e.g. iconv -f latin1 -t utf-8" : nil)
        }
        let chain = try URDFLoader.chain(text: text, file: path, base: try f.optional("urdf_base")?.string(),
                                         tip: try f.optional("urdf_tip")?.string())
        guard !chain.joints.isEmpty else { throw urdfValue.error("a chain with at least one joint between urdf_base and urdf_tip") }
        notes += chain.notes
        for (k, var j) in chain.joints.enumerated() {
            if k == 0 { j.placement = mount * j.placement }
            j.parent = k == 0 ? torsoEnd : joints.count - 1
            joints.append(j); radii.append(nil)
        }
    }

    private static func gripper(_ g: YAMLValue) throws -> GripperModel {
        let gf = try g.fields(allowed: ["type", "max_width"])
        let type = try gf.required("type", "parallel or none").oneOf(GripperModel.GripperType.self)
        let width = type == .none ? 0 : try gf.required("max_width", "the opening in metres").positive()
        return GripperModel(type: type, maxWidth: width)
    }

    /// Drawing capsules: from each joint with a radius to the next joint in its arm (or the tool point).
    mutating func addDrawingCapsules() {
        for i in joints.indices {
            guard let r = radii[i] else { continue }
            let next = joints.indices.first { $0 > i && joints[$0].parent == i }
            let end: Vec3
            if let next { end = joints[next].placement.translation }
            else if let d = arms.first(where: { $0.tipJoint == i }) { end = d.tool.translation }
            else { end = .zero }
            joints[i].shapes.insert(length(end) < 1e-9 ? Primitive(.sphere(radius: r)) : Primitive(.capsule(radius: r, from: .zero, to: end)), at: 0)
        }
    }

    /// The arms over the finished tree; each names only its own movable joints (not the torso's).
    func arms(in tree: KinematicTree) -> [Arm] {
        arms.map { d in
            Arm(name: d.name, chain: Chain(tree: tree, endEffector: EndEffector(name: d.name, joint: d.tipJoint, tool: d.tool)),
                gripper: d.gripper,
                jointNames: tree.path(to: d.tipJoint).filter { $0 >= d.first && tree.qIndex[$0] >= 0 }.map { tree.joints[$0].name })
        }
    }
}

extension RobotCardLoader {
    static func pose(_ v: YAMLValue) throws -> Pose {
        let f = try v.fields(allowed: ["xyz", "rpy"])
        let xyz = try f.optional("xyz")?.vec3()
        let rpy = try f.optional("rpy")?.vec3()
        return Pose(xyz: Vec3(xyz?.x ?? 0, xyz?.y ?? 0, xyz?.z ?? 0), rpy: Vec3(rpy?.x ?? 0, rpy?.y ?? 0, rpy?.z ?? 0))
    }

    /// One chain entry: the joint (parent unset), its capsule radius, and the
    /// fixed transform that precedes the NEXT entry (standard DH's tail).
    static func chainEntry(_ e: YAMLValue) throws -> (Joint, Double?, Pose) {
        let f = try e.fields(allowed: ["name", "type", "dh_modified", "dh", "origin", "axis", "limits", "max_velocity", "radius"])
        let name = try f.required("name", "the joint's name").string()
        guard !name.isEmpty else { throw try f.required("name", "").error("a non-empty name") }
        let typeValue = try f.required("type", "revolute, continuous, prismatic or fixed")
        let type = try typeValue.oneOf(JointType.self)
        let (placement, tail, axis) = try placement(of: e, fields: f, type: type)
        let (lower, upper, velocity) = try motionLimits(f, type: type)
        let radius = try f.optional("radius")?.positive()
        return (Joint(name: name, type: type, parent: -1, placement: placement, axis: axis, lower: lower, upper: upper,
                      maxVelocity: velocity), radius, tail)
    }

    /// Exactly one of `dh_modified:`, `dh:` or `origin:` (+ `axis:`) places a joint.
    private static func placement(of e: YAMLValue, fields f: Fields, type: JointType) throws -> (placement: Pose, tail: Pose, axis: Vec3) {
        let ways = ["dh_modified", "dh", "origin"].filter { f.has($0) }
        guard ways.count == 1 else {
            throw e.error("exactly one of dh_modified, dh, origin", found: ways.isEmpty ? "none" : ways.joined(separator: " and "),
                          field: "\(e.path).\(ways.first ?? "origin")")
        }
        var placement = Pose.identity
        var tail = Pose.identity
        var axis = Vec3(0, 0, 1)
        switch ways[0] {
        case "dh_modified":
            let d = try f.required("dh_modified", "").fields(allowed: ["a", "d", "alpha", "theta_offset"])
            placement = Placement.modifiedDH(a: try d.required("a", "a number (m)").double(), d: try d.required("d", "a number (m)").double(),
                                             alpha: try d.required("alpha", "a number (rad)").double(),
                                             thetaOffset: try d.optional("theta_offset")?.double() ?? 0)
        case "dh":
            let d = try f.required("dh", "").fields(allowed: ["a", "d", "alpha", "theta_offset"])
            placement = Pose.rotZ(try d.optional("theta_offset")?.double() ?? 0)
            tail = Placement.standardDHTail(a: try d.required("a", "a number (m)").double(), d: try d.required("d", "a number (m)").double(),
                                            alpha: try d.required("alpha", "a number (rad)").double())
        default:
            placement = try pose(try f.required("origin", ""))
            if let a = f.optional("axis") {
                let v = try a.vec3()
                let vec = Vec3(v.x, v.y, v.z)
                guard length(vec) > 1e-9 else { throw a.error("a non-zero axis") }
                axis = normalize(vec)
            } else if type.isMovable {
                throw e.error("an `axis: [x, y, z]` for a movable joint placed by origin", found: "none", field: "\(e.path).axis")
            }
        }
        if ways[0] != "origin", let a = f.optional("axis") {
            throw a.error("no axis: DH joints turn about local z", found: "an axis")
        }
        return (placement, tail, axis)
    }

    /// Position limits for revolute and prismatic joints, a velocity limit for every movable one.
    private static func motionLimits(_ f: Fields, type: JointType) throws -> (lower: Double, upper: Double, velocity: Double) {
        var lower = -Double.infinity, upper = Double.infinity, velocity = Double.infinity
        if type == .revolute || type == .prismatic {
            let lv = try f.required("limits", "[lower, upper]")
            let l = try lv.doubles(count: 2)
            guard l[0] < l[1] else { throw lv.error("[lower, upper] with lower < upper", found: "[\(l[0]), \(l[1])]") }
            lower = l[0]; upper = l[1]
        } else if let lv = f.optional("limits") {
            throw lv.error("no limits on a \(type.rawValue) joint")
        }
        if type.isMovable {
            velocity = try f.required("max_velocity", "the velocity limit (rad/s or m/s)").positive()
        } else if let v = f.optional("max_velocity") {
            throw v.error("no max_velocity on a fixed joint")
        }
        return (lower, upper, velocity)
    }
}
