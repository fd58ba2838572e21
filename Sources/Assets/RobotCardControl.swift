import Foundation
import Kinematics
import World

/// The card's `control:`, `mobile_base:` and `observation:` sections.
extension RobotCardLoader {
    static let controlKeys = ["mode", "frame", "rotation", "max_step", "gripper", "base_mode", "frequency_hz", "chunk"]

    /// `control.gripper`: one mapping, or a list of them (one per arm).
    static func gripperValues(_ control: YAMLValue) throws -> [YAMLValue] {
        let f = try control.fields(allowed: controlKeys)
        guard let g = f.optional("gripper") else { return [] }
        if case .mapping = g.node { return [g] }
        return try g.items()
    }

    static func convention(_ v: YAMLValue, armNames: [String], hasBase: Bool, hasArms: Bool) throws -> ControlConvention {
        let f = try v.fields(allowed: controlKeys)
        let modeValue = try f.required("mode", "a control mode")
        let mode = try modeValue.oneOf(ControlMode.self)
        try enforce(RobotRules.mode(mode, hasBase: hasBase, hasArms: hasArms), at: modeValue)
        let (frame, rotation) = try frameAndRotation(f, mode: mode)
        let (maxT, maxR, maxJ) = try stepLimits(f, mode: mode)
        var grippers: [GripperChannel] = []
        for g in try gripperValues(v) {
            grippers.append(try gripperChannel(g, armNames: armNames, taken: grippers))
        }
        var baseMode: ControlMode?
        if let bm = f.optional("base_mode") {
            try enforce(RobotRules.baseModeAllowed(hasBase: hasBase, mode: mode), at: bm)
            let parsed = try bm.oneOf(ControlMode.self)
            try enforce(RobotRules.baseMode(parsed), at: bm)
            baseMode = parsed
        } else {
            try enforce(RobotRules.baseModeRequired(hasBase: hasBase, mode: mode), at: v)
        }
        let hzValue = try f.required("frequency_hz", "the control frequency in Hz")
        let hz = try hzValue.positive(limit: 10_000)   // RobotRules.frequency's bound
        try enforce(RobotRules.frequency(hz), at: hzValue)
        let chunkValue = try f.required("chunk", "the number of actions per chunk")
        let chunk = try chunkValue.int()
        try enforce(RobotRules.chunk(chunk), at: chunkValue)
        return ControlConvention(mode: mode, frame: frame, rotation: rotation, maxTranslation: maxT, maxRotation: maxR,
                                 maxJointStep: maxJ, grippers: grippers, baseMode: baseMode, frequencyHz: hz, chunk: chunk)
    }

    /// `frame:` and `rotation:` belong to ee modes; a base mode may name its frame.
    private static func frameAndRotation(_ f: Fields, mode: ControlMode) throws -> (ControlFrame, RotationRepresentation) {
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
        return (frame, rotation)
    }

    /// `max_step:` — per joint for joint modes, translation and rotation for the others.
    private static func stepLimits(_ f: Fields, mode: ControlMode) throws -> (translation: Double?, rotation: Double?, joint: Double?) {
        guard let ms = f.optional("max_step") else { return (nil, nil, nil) }
        if mode.isJoint {
            return (nil, nil, try ms.fields(allowed: ["joint"]).required("joint", "the largest joint change per action (rad)").positive())
        }
        let m = try ms.fields(allowed: ["translation", "rotation"])
        return (try m.optional("translation")?.positive(), try m.optional("rotation")?.positive(), nil)
    }

    private static func gripperChannel(_ g: YAMLValue, armNames: [String], taken: [GripperChannel]) throws -> GripperChannel {
        let gf = try g.fields(allowed: ["arm", "channel", "open", "closed"])
        let armValue = try gf.required("arm", "the arm this gripper belongs to")
        let arm = try armValue.string()
        try enforce(RobotRules.gripperArm(arm, armNames: armNames, taken: taken), at: armValue)
        let chValue = try gf.required("channel", "the gripper's index in the action vector")
        let ch = try chValue.int()
        guard ch >= 0 else { throw chValue.error("an index of 0 or more") }
        let open = try gf.required("open", "the value that opens the gripper").double()
        let closed = try gf.required("closed", "the value that closes the gripper").double()
        guard open != closed else { throw try gf.required("closed", "").error("a value different from `open`") }
        return GripperChannel(arm: arm, channel: ch, open: open, closed: closed)
    }

    static func mobileBase(_ v: YAMLValue) throws -> MobileBaseModel {
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
        let (radius, size) = try footprint(try f.required("footprint", "{radius: R} or {size: [length, width]}"))
        return MobileBaseModel(drive: drive, maxLinear: try f.required("max_linear", "top speed (m/s)").positive(),
                               maxAngular: try f.required("max_angular", "top turn rate (rad/s)").positive(),
                               footprintRadius: radius, footprintSize: size.map { (length: $0.0, width: $0.1) },
                               height: try f.optional("height")?.positive() ?? 0.2)
    }

    /// A round footprint, or a rectangle (whose circumscribed radius is what collides).
    private static func footprint(_ fp: YAMLValue) throws -> (radius: Double, size: (Double, Double)?) {
        let ff = try fp.fields(allowed: ["radius", "size"])
        if let r = ff.optional("radius") {
            return (try r.positive(), nil)
        } else if let s = ff.optional("size") {
            let v = try s.doubles(count: 2)
            guard v[0] > 0, v[1] > 0 else { throw s.error("two sizes above 0") }
            return (0.5 * (v[0] * v[0] + v[1] * v[1]).squareRoot(), (v[0], v[1]))
        }
        throw fp.error("`radius:` or `size:`")
    }

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
