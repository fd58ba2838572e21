import Spatial

/// What one action asks of the body, in physical units (metres, radians, an
/// opening 0…1), before any limit or state is applied: the meaning of the numbers.
public struct ActionCommand: Sendable, Equatable {
    public enum ArmMotion: Sendable, Equatable {
        /// Radians per joint: targets (joint_position) or changes (joint_delta).
        case joints([Double])
        /// The tool's translation (metres) and rotation in the convention's frame:
        /// a change (ee_delta) or a target (ee_absolute). A nil rotation is "no
        /// rotation given": it encodes as the representation's exact zero
        /// ([0, 0, 0] or [1, 0, 0, 0]), and decodes from the `none` representation.
        case endEffector(translation: Vec3, rotation: Mat3?)
    }

    public struct Arm: Sendable, Equatable {
        /// Nil when the convention has no arm channels (a base mode).
        public var motion: ArmMotion?
        /// 0 closed … 1 open; nil when this arm has no gripper channel.
        public var gripperOpening: Double?

        public init(motion: ArmMotion?, gripperOpening: Double?) {
            self.motion = motion; self.gripperOpening = gripperOpening
        }
    }

    public enum Base: Sendable, Equatable {
        /// Metres per second and radians per second in the base frame (vy = 0 for a differential drive).
        case velocity(vx: Double, vy: Double, omega: Double)
        /// Where to be by the end of the step, relative to the base now.
        case waypoint(Pose2D)
        /// VLN-CE: 0 stop, 1 forward 0.25 m, 2 turn left 15°, 3 turn right 15°.
        case discrete(Int)

        /// The all-zero command, which navigation reads as STOP.
        public var isStop: Bool {
            switch self {
            case .velocity(let vx, let vy, let omega): return vx == 0 && vy == 0 && omega == 0
            case .waypoint(let p): return p.x == 0 && p.y == 0 && p.yaw == 0
            case .discrete(let k): return k == 0
            }
        }
    }

    /// One per arm of the convention, in its order.
    public var arms: [Arm]
    /// Nil when the convention has no base channels.
    public var base: Base?

    public init(arms: [Arm], base: Base?) { self.arms = arms; self.base = base }
}

/// The one place that knows which number goes where, scaled how, with which
/// gripper value. `Controller.step` decodes by the card's convention; the expert,
/// the hold policy and the probe encode by whatever convention they speak.
/// `decode(encode(c)) == c` and `encode(decode(x)) == x` up to rounding, for
/// actions in range (see ActionCodecTests).
public enum ActionCodec {
    /// The meaning of `action` under `convention`. Check the action first
    /// (`ActionValidation`): decoding assumes the length is right.
    public static func decode(_ action: [Double], _ convention: ActionConvention) -> ActionCommand {
        decode(action, convention, channels: convention.channels)
    }

    public static func decode(_ given: [Double], _ c: ActionConvention, channels: ActionChannels) -> ActionCommand {
        precondition(given.count >= channels.dimension, "ActionCodec.decode: \(given.count) numbers for a \(channels.dimension)-D convention; validate first")
        // Channels a claimed arrangement leaves out read as 0 from the scratch position.
        let action = given.count >= channels.width ? given : given + [Double](repeating: 0, count: channels.width - given.count)
        var arms: [ActionCommand.Arm] = []
        arms.reserveCapacity(c.arms.count)
        for a in c.arms.indices {
            let at = channels.armMotion[a]
            var motion: ActionCommand.ArmMotion?
            switch c.armMode {
            case .jointPosition?, .jointDelta?:
                motion = .joints(at.map { action[$0] * c.radiansPerUnit })
            case .eeDelta?, .eeAbsolute?:
                let t = Vec3(action[at[0]] * c.metresPerUnit, action[at[1]] * c.metresPerUnit, action[at[2]] * c.metresPerUnit)
                motion = .endEffector(translation: t, rotation: rotation(at.dropFirst(3).map { action[$0] }, c))
            default:
                motion = nil
            }
            var opening: Double?
            if let p = channels.gripper[a], let g = c.grippers.first(where: { $0.arm == c.arms[a].name }) {
                opening = min(max((action[p] - g.closed) / (g.open - g.closed), 0), 1)
            }
            arms.append(ActionCommand.Arm(motion: motion, gripperOpening: opening))
        }
        var base: ActionCommand.Base?
        let b = channels.base.map { action[$0] }
        switch c.baseMode {
        case .baseWaypoint?: base = .waypoint(Pose2D(x: b[0] * c.metresPerUnit, y: b[1] * c.metresPerUnit, yaw: b[2] * c.radiansPerUnit))
        case .baseVelocity?: base = c.holonomicBase ? .velocity(vx: b[0], vy: b[1], omega: b[2]) : .velocity(vx: b[0], vy: 0, omega: b[1])
        // Saturating, so an unchecked NaN decodes as STOP instead of trapping.
        case .baseDiscrete?: base = .discrete(b[0].isFinite && abs(b[0]) < 1e9 ? clampedInt(b[0]) : 0)
        default: base = nil
        }
        return ActionCommand(arms: arms, base: base)
    }

    /// The numbers that ask for `command` under `convention`. Missing arms and a
    /// missing base encode as "stay" (zero changes, an open gripper); joint values
    /// past the convention's count are dropped, missing ones are zero.
    public static func encode(_ command: ActionCommand, _ c: ActionConvention) -> [Double] {
        let channels = c.channels
        var out = [Double](repeating: 0, count: channels.width)
        for a in c.arms.indices {
            let arm = a < command.arms.count ? command.arms[a] : ActionCommand.Arm(motion: nil, gripperOpening: nil)
            let at = channels.armMotion[a]
            switch (c.armMode, arm.motion) {
            case (.jointPosition?, .joints(let values)?), (.jointDelta?, .joints(let values)?):
                for k in 0..<min(at.count, values.count) { out[at[k]] = values[k] / c.radiansPerUnit }
            case (.eeDelta?, .endEffector(let t, let r)?), (.eeAbsolute?, .endEffector(let t, let r)?):
                out[at[0]] = t.x / c.metresPerUnit; out[at[1]] = t.y / c.metresPerUnit; out[at[2]] = t.z / c.metresPerUnit
                for (k, v) in rotationNumbers(r, c.rotation, radiansPerUnit: c.radiansPerUnit).enumerated() { out[at[3 + k]] = v }
            case (.eeDelta?, nil), (.eeAbsolute?, nil):
                for (k, v) in rotationNumbers(nil, c.rotation, radiansPerUnit: 1).enumerated() { out[at[3 + k]] = v }
            case (_, nil):
                break
            case (let mode, let motion?):
                preconditionFailure("ActionCodec.encode: \(motion) in a \(mode?.rawValue ?? "base-only") convention")
            }
            if let p = channels.gripper[a], let g = c.grippers.first(where: { $0.arm == c.arms[a].name }) {
                out[p] = gripperValue(arm.gripperOpening ?? 1, g)
            }
        }
        let at = channels.base
        switch (c.baseMode, command.base) {
        case (.baseWaypoint?, .waypoint(let p)?):
            out[at[0]] = p.x / c.metresPerUnit; out[at[1]] = p.y / c.metresPerUnit; out[at[2]] = p.yaw / c.radiansPerUnit
        case (.baseVelocity?, .velocity(let vx, let vy, let omega)?):
            if c.holonomicBase { out[at[0]] = vx; out[at[1]] = vy; out[at[2]] = omega } else { out[at[0]] = vx; out[at[1]] = omega }
        case (.baseDiscrete?, .discrete(let k)?):
            out[at[0]] = Double(k)
        case (_, nil), (nil, _):
            break   // stay: zeros (and a zero discrete command is STOP)
        case (let mode?, let base?):
            preconditionFailure("ActionCodec.encode: \(base) in a \(mode.rawValue) convention")
        }
        // What a claimed arrangement leaves out was written past the end: not sent.
        if channels.width > channels.dimension { out.removeLast(channels.width - channels.dimension) }
        return out
    }

    /// A gripper opening as the channel's number: the stated open / closed values
    /// exactly at 1 and 0, linear between.
    public static func gripperValue(_ opening: Double, _ g: GripperChannel) -> Double {
        if opening >= 1 { return g.open }
        if opening <= 0 { return g.closed }
        return g.closed + opening * (g.open - g.closed)
    }

    /// A rotation in a representation; nil is the representation's exact zero.
    /// Quaternions are unit (w, x, y, z) with w ≥ 0 and carry no unit.
    public static func rotationNumbers(_ r: Mat3?, _ rep: RotationRepresentation, radiansPerUnit: Double) -> [Double] {
        guard let r else {
            switch rep {
            case .quaternion: return [1, 0, 0, 0]
            case .none: return []
            case .axisAngle, .rpy: return [0, 0, 0]
            }
        }
        switch rep {
        case .axisAngle: return r.axisAngle.array.map { $0 / radiansPerUnit }
        case .rpy: return r.rpy.array.map { $0 / radiansPerUnit }
        case .quaternion: return r.quaternion.canonical.wxyz
        case .none: return []
        }
    }

    /// The rotation the numbers mean (nil for the `none` representation). A
    /// zero-length quaternion, which `ActionValidation` refuses, reads as identity.
    static func rotation(_ v: [Double], _ c: ActionConvention) -> Mat3? {
        switch c.rotation {
        case .axisAngle: return Mat3(axisAngle: Vec3(v[0] * c.radiansPerUnit, v[1] * c.radiansPerUnit, v[2] * c.radiansPerUnit))
        case .rpy: return Mat3(rpy: Vec3(v[0] * c.radiansPerUnit, v[1] * c.radiansPerUnit, v[2] * c.radiansPerUnit))
        case .quaternion:
            let q = Quat(w: v[0], x: v[1], y: v[2], z: v[3])
            return q.norm > 1e-6 ? q.normalized.matrix : .identity
        case .none: return nil
        }
    }
}
