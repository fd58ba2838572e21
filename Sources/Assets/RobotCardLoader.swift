import Foundation
import Kinematics
import Spatial
import World

/// Reads robot embodiment cards (Robots/*.yaml, format in docs/ROBOT_CARDS.md).
/// The only code that turns card text into a `RobotModel`; every problem is a
/// located `AssetError`.
public enum RobotCardLoader {
    public static func load(path: String) throws -> RobotModel {
        let text = try readAssetFile(path)
        let url = URL(fileURLWithPath: path)
        return try load(text: text, file: path, directory: url.deletingLastPathComponent().path,
                        expectedName: url.deletingPathExtension().lastPathComponent)
    }

    /// `directory` resolves `urdf:` paths; `expectedName` (the file stem) must equal `name`.
    public static func load(text: String, file: String, directory: String, expectedName: String? = nil,
                            readFile: (String) -> String? = { try? String(contentsOfFile: $0, encoding: .utf8) }) throws -> RobotModel {
        let doc = try YAMLValue.parse(text, file: file)
        let top = try doc.fields(allowed: ["name", "tag", "waist", "torso", "arms", "home", "mobile_base", "control", "prompt_template", "cameras", "observation"])

        let nameValue = try top.required("name", "the robot's name")
        let name = try nameValue.string()
        guard !name.isEmpty, name.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "_" }), name.allSatisfy(\.isASCII) else {
            throw nameValue.error("a name of lower-case letters, digits and _")
        }
        if let expectedName, expectedName != name {
            throw nameValue.error("the file's name `\(expectedName)`", hint: "rename the file to \(name).yaml or set `name: \(expectedName)`")
        }
        let tag = try top.required("tag", "the name used in prompts, e.g. Franka Emika Panda").string()
        guard !tag.trimmingCharacters(in: .whitespaces).isEmpty else { throw try top.required("tag", "").error("a non-empty tag") }
        let waist = try top.optional("waist")?.bool() ?? false

        var joints: [Joint] = []
        var radii: [Double?] = []
        var notes: [String] = []
        // Torso: joints before the arms; arms hang on its last frame.
        var torsoEnd = -1
        var torsoTail = Pose.identity
        if let torso = top.optional("torso") {
            let entries = try torso.items()
            guard !entries.isEmpty else { throw torso.error("at least one torso joint") }
            var tail = Pose.identity
            for e in entries {
                var (j, r, t) = try chainEntry(e)
                j.placement = tail * j.placement
                tail = t
                j.parent = joints.count - 1
                joints.append(j); radii.append(r)
            }
            torsoEnd = joints.count - 1
            torsoTail = tail
        }
        if waist && !joints.contains(where: { $0.type.isMovable }) {
            throw (top.optional("waist") ?? doc).error("a `torso:` with a movable joint when `waist: true`")
        }

        struct ArmDraft { var name: String; var tipJoint: Int; var tool: Pose; var gripper: GripperModel; var first: Int; var value: YAMLValue }
        var drafts: [ArmDraft] = []
        let armsValue = try top.required("arms", "a list of arms (empty for a mobile base)")
        for armValue in try armsValue.items() {
            let f = try armValue.fields(allowed: ["name", "mount", "chain", "urdf", "urdf_base", "urdf_tip", "tool", "gripper"])
            let armNameValue = try f.required("name", "the arm's name (main, left, right)")
            let armName = try armNameValue.string()
            guard !armName.isEmpty else { throw armNameValue.error("a non-empty name") }
            if drafts.contains(where: { $0.name == armName }) { throw armNameValue.error("a name no other arm has") }
            let mount = try torsoTail * (f.optional("mount").map(pose) ?? .identity)
            let first = joints.count
            var tail = Pose.identity
            switch (f.optional("chain"), f.optional("urdf")) {
            case (let chain?, nil):
                let entries = try chain.items()
                guard !entries.isEmpty else { throw chain.error("at least one joint") }
                for (k, e) in entries.enumerated() {
                    var (j, r, t) = try chainEntry(e)
                    j.placement = (k == 0 ? mount : tail) * j.placement
                    tail = t
                    j.parent = k == 0 ? torsoEnd : joints.count - 1
                    joints.append(j); radii.append(r)
                }
            case (nil, let urdfValue?):
                let rel = try urdfValue.string()
                let path = rel.hasPrefix("/") ? rel : (directory as NSString).appendingPathComponent(rel)
                guard let text = readFile(path) else {
                    throw urdfValue.error("a URDF file that exists", found: "no readable file at \(path)")
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
            case (nil, nil):
                throw armValue.error("`chain:` or `urdf:`", found: "neither", field: "\(armValue.path).chain")
            case (_?, _?):
                throw armValue.error("`chain:` or `urdf:`, not both", field: "\(armValue.path).urdf")
            }
            if !joints[first...].contains(where: { $0.type.isMovable }) {
                throw armValue.error("an arm with at least one movable joint", field: "\(armValue.path).chain")
            }
            let tool = tail * (try f.optional("tool").map(pose) ?? .identity)
            var gripper = GripperModel(type: .none, maxWidth: 0)
            if let g = f.optional("gripper") {
                let gf = try g.fields(allowed: ["type", "max_width"])
                let type = try gf.required("type", "parallel or none").oneOf(GripperModel.GripperType.self)
                let width = type == .none ? 0 : try gf.required("max_width", "the opening in metres").positive()
                gripper = GripperModel(type: type, maxWidth: width)
            }
            drafts.append(ArmDraft(name: armName, tipJoint: joints.count - 1, tool: tool, gripper: gripper, first: first, value: armValue))
        }
        guard drafts.count <= 2 else { throw armsValue.error("at most two arms", found: "\(drafts.count)") }

        // Drawing capsules: from each joint with a radius to the next joint in its arm (or the tool point).
        for i in joints.indices {
            guard let r = radii[i] else { continue }
            let next = joints.indices.first { $0 > i && joints[$0].parent == i }
            let end: Vec3
            if let next { end = joints[next].placement.translation }
            else if let d = drafts.first(where: { $0.tipJoint == i }) { end = d.tool.translation }
            else { end = .zero }
            joints[i].shapes.insert(length(end) < 1e-9 ? Primitive(.sphere(radius: r)) : Primitive(.capsule(radius: r, from: .zero, to: end)), at: 0)
        }

        let tree: KinematicTree
        do {
            tree = try KinematicTree(joints: joints)
        } catch {
            throw armsValue.error("a valid kinematic tree", found: "\(error)")
        }
        let arms = drafts.map { d in
            Arm(name: d.name, chain: Chain(tree: tree, endEffector: EndEffector(name: d.name, joint: d.tipJoint, tool: d.tool)),
                gripper: d.gripper,
                jointNames: tree.path(to: d.tipJoint).filter { $0 >= d.first && tree.qIndex[$0] >= 0 }.map { tree.joints[$0].name })
        }

        let homeValue = try top.required("home", "the home configuration (one number per movable joint)")
        let home = try homeValue.doubles()
        guard home.count == tree.dof else {
            throw homeValue.error("\(tree.dof) numbers (one per movable joint: \(tree.movableJoints.map { tree.joints[$0].name }.joined(separator: ", ")))",
                                  found: "\(home.count)")
        }
        for (k, j) in tree.movableJoints.enumerated() where home[k] < tree.joints[j].lower || home[k] > tree.joints[j].upper {
            throw homeValue.error("values within the joint limits",
                                  found: "\(tree.joints[j].name) = \(home[k]), limits [\(tree.joints[j].lower), \(tree.joints[j].upper)]",
                                  field: "\(homeValue.path)[\(k)]")
        }

        let base = try top.optional("mobile_base").map(mobileBase)
        if drafts.isEmpty && base == nil {
            throw armsValue.error("at least one arm, or a `mobile_base:`")
        }
        let controlValue = try top.required("control", "the true control convention")
        let control = try convention(controlValue, armNames: drafts.map(\.name), hasBase: base != nil, hasArms: !drafts.isEmpty)

        var model = RobotModel(name: name, tag: tag, waist: waist, tree: tree, arms: arms, home: home,
                               mobileBase: base, control: control, source: file, notes: notes)
        if let t = top.optional("prompt_template") {
            let text = try t.string()
            guard text.contains("{instruction}") else {
                throw t.error("a template with {instruction} (also {robot_tag}, {body}, {fps}, {chunk_size})")
            }
            model.promptTemplate = text
        }
        if let o = top.optional("observation") {
            model.observation = try observationConfig(o)
        }
        if let c = top.optional("cameras") {
            model.cameras = try CameraLoader.parse(c, arms: model.arms.map(\.name), allowWorld: false, known: CameraDefaults.names(robot: model))
        }
        // The card's gripper channels must sit where the derived layout puts them.
        let expected = model.expectedGripperChannels
        let gripperNodes = try gripperValues(controlValue)
        for (k, g) in control.grippers.enumerated() {
            let gv = gripperNodes[k]
            guard let want = expected[g.arm] else { throw gv.error("an arm with a gripper channel") }
            if want != g.channel {
                throw gv.error("channel \(want) (layout: \(model.actionLayout.joined(separator: ", ")))", found: "channel \(g.channel)", field: "\(gv.path).channel")
            }
        }
        return model
    }

    // MARK: Pieces

    private static func pose(_ v: YAMLValue) throws -> Pose {
        let f = try v.fields(allowed: ["xyz", "rpy"])
        let xyz = try f.optional("xyz")?.vec3()
        let rpy = try f.optional("rpy")?.vec3()
        return Pose(xyz: Vec3(xyz?.x ?? 0, xyz?.y ?? 0, xyz?.z ?? 0), rpy: Vec3(rpy?.x ?? 0, rpy?.y ?? 0, rpy?.z ?? 0))
    }

    /// One chain entry: the joint (parent unset), its capsule radius, and the
    /// fixed transform that precedes the NEXT entry (standard DH's tail).
    private static func chainEntry(_ e: YAMLValue) throws -> (Joint, Double?, Pose) {
        let f = try e.fields(allowed: ["name", "type", "dh_modified", "dh", "origin", "axis", "limits", "max_velocity", "radius"])
        let name = try f.required("name", "the joint's name").string()
        guard !name.isEmpty else { throw try f.required("name", "").error("a non-empty name") }
        let typeValue = try f.required("type", "revolute, continuous, prismatic or fixed")
        let type = try typeValue.oneOf(JointType.self)
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
        let radius = try f.optional("radius")?.positive()
        return (Joint(name: name, type: type, parent: -1, placement: placement, axis: axis, lower: lower, upper: upper,
                      maxVelocity: velocity), radius, tail)
    }

    private static func mobileBase(_ v: YAMLValue) throws -> MobileBaseModel {
        let f = try v.fields(allowed: ["type", "wheel_separation", "max_linear", "max_angular", "footprint", "height"])
        let typeValue = try f.required("type", "differential or holonomic")
        let typeName = try typeValue.string()
        let drive: MobileBaseModel.Drive
        switch typeName {
        case "differential":
            drive = .differential(wheelSeparation: try f.required("wheel_separation", "the distance between the wheels (m)").positive())
        case "holonomic":
            if let w = f.optional("wheel_separation") { throw w.error("no wheel_separation on a holonomic base") }
            drive = .holonomic
        default:
            throw typeValue.error("differential or holonomic")
        }
        let fp = try f.required("footprint", "{radius: R} or {size: [length, width]}")
        let ff = try fp.fields(allowed: ["radius", "size"])
        var radius: Double
        var size: (Double, Double)?
        if let r = ff.optional("radius") {
            radius = try r.positive()
        } else if let s = ff.optional("size") {
            let v = try s.doubles(count: 2)
            guard v[0] > 0, v[1] > 0 else { throw s.error("two sizes above 0") }
            size = (v[0], v[1])
            radius = 0.5 * (v[0] * v[0] + v[1] * v[1]).squareRoot()
        } else {
            throw fp.error("`radius:` or `size:`")
        }
        return MobileBaseModel(drive: drive, maxLinear: try f.required("max_linear", "top speed (m/s)").positive(),
                               maxAngular: try f.required("max_angular", "top turn rate (rad/s)").positive(),
                               footprintRadius: radius, footprintSize: size.map { (length: $0.0, width: $0.1) },
                               height: try f.optional("height")?.positive() ?? 0.2)
    }

    private static func gripperValues(_ control: YAMLValue) throws -> [YAMLValue] {
        let f = try control.fields(allowed: controlKeys)
        guard let g = f.optional("gripper") else { return [] }
        if case .mapping = g.node { return [g] }
        return try g.items()
    }

    private static let controlKeys = ["mode", "frame", "rotation", "max_step", "gripper", "base_mode", "frequency_hz", "chunk"]

    private static func convention(_ v: YAMLValue, armNames: [String], hasBase: Bool, hasArms: Bool) throws -> ControlConvention {
        let f = try v.fields(allowed: controlKeys)
        let modeValue = try f.required("mode", "a control mode")
        let mode = try modeValue.oneOf(ControlMode.self)
        if mode.isBase && !hasBase { throw modeValue.error("an arm mode: this robot has no mobile base") }
        if !mode.isBase && !hasArms { throw modeValue.error("base_waypoint or base_velocity: this robot has no arms") }
        var frame = ControlFrame.base
        var rotation = RotationRepresentation.none
        if mode.isEndEffector {
            frame = try f.required("frame", "base, tool or world").oneOf(ControlFrame.self)
            rotation = try f.required("rotation", "axis_angle, rpy, quaternion or none").oneOf(RotationRepresentation.self)
        } else {
            for key in ["frame", "rotation"] where f.has(key) {
                if mode.isBase && key == "frame" { continue }
                throw try f.required(key, "").error("no `\(key)` for \(mode.rawValue): it applies to ee modes")
            }
            if mode.isBase, let fr = f.optional("frame") { frame = try fr.oneOf(ControlFrame.self) }
        }
        var maxT: Double?, maxR: Double?, maxJ: Double?
        if let ms = f.optional("max_step") {
            if mode.isJoint {
                maxJ = try ms.fields(allowed: ["joint"]).required("joint", "the largest joint change per action (rad)").positive()
            } else {
                let m = try ms.fields(allowed: ["translation", "rotation"])
                maxT = try m.optional("translation")?.positive()
                maxR = try m.optional("rotation")?.positive()
            }
        }
        var grippers: [GripperChannel] = []
        for g in try gripperValues(v) {
            let gf = try g.fields(allowed: ["arm", "channel", "open", "closed"])
            let armValue = try gf.required("arm", "the arm this gripper belongs to")
            let arm = try armValue.string()
            guard armNames.contains(arm) else { throw armValue.error("one of the arms: \(armNames.joined(separator: ", "))") }
            if grippers.contains(where: { $0.arm == arm }) { throw armValue.error("one gripper entry per arm") }
            let chValue = try gf.required("channel", "the gripper's index in the action vector")
            let ch = try chValue.int()
            guard ch >= 0 else { throw chValue.error("an index of 0 or more") }
            let open = try gf.required("open", "the value that opens the gripper").double()
            let closed = try gf.required("closed", "the value that closes the gripper").double()
            guard open != closed else { throw try gf.required("closed", "").error("a value different from `open`") }
            grippers.append(GripperChannel(arm: arm, channel: ch, open: open, closed: closed))
        }
        var baseMode: ControlMode?
        if let bm = f.optional("base_mode") {
            guard hasBase, !mode.isBase else { throw bm.error("no base_mode: only for a mobile manipulator with an arm mode") }
            baseMode = try bm.oneOf(ControlMode.self)
            guard baseMode!.isBase else { throw bm.error("base_waypoint or base_velocity") }
        } else if hasBase && !mode.isBase {
            throw v.error("`base_mode:` (base_waypoint or base_velocity) for the base of this mobile manipulator", field: "\(v.path).base_mode")
        }
        let hzValue = try f.required("frequency_hz", "the control frequency in Hz")
        let hz = try hzValue.positive()
        guard hz <= 10_000 else { throw hzValue.error("at most 10000 Hz") }
        let chunkValue = try f.required("chunk", "the number of actions per chunk")
        let chunk = try chunkValue.int()
        guard (1...4096).contains(chunk) else { throw chunkValue.error("a chunk length from 1 to 4096") }
        return ControlConvention(mode: mode, frame: frame, rotation: rotation, maxTranslation: maxT, maxRotation: maxR,
                                 maxJointStep: maxJ, grippers: grippers, baseMode: baseMode, frequencyHz: hz, chunk: chunk)
    }
}

extension RobotCardLoader {
    /// `observation: {preset: libero, keys: {observation/image: camera:agentview}}`.
    static func observationConfig(_ v: YAMLValue) throws -> ObservationConfig {
        let f = try v.fields(allowed: ["preset", "keys"])
        var config = ObservationConfig()
        if let p = f.optional("preset") {
            let name = try p.string()
            guard ObservationConfig.presets.contains(name) else {
                throw p.error("one of \(ObservationConfig.presets.joined(separator: ", "))", found: name)
            }
            config.preset = name
        }
        if let k = f.optional("keys") {
            for (key, value) in try k.entries() {
                let source = try value.string()
                guard ObservationConfig.isValidSource(source) else {
                    throw value.error("camera:NAME, camera_chw:NAME, " + ObservationConfig.sources.joined(separator: ", "), found: source)
                }
                config.keys.append("\(key)=\(source)")
            }
        }
        return config
    }
}
