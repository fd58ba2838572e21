import World

/// A virtual embodiment: the card's body with one thing of its TRUE control
/// convention changed. The episode's prompt is generated from the changed card, so
/// it states the change truthfully; the expert encodes by the prompt and the
/// controller executes the changed card. A model trained on such episodes has to
/// read the prompt to act right: the same scene asks for other numbers.
///
/// Only changes that keep the action's length (a dataset has one action shape):
/// not quaternions, not moving between joint and end-effector modes.
public enum EmbodimentVariant: String, Sendable, CaseIterable {
    /// The card as it is.
    case card
    /// Every gripper's open and closed values swapped (−1 opens ↔ +1 opens).
    case flippedGripper = "flipped_gripper"
    /// Half the control frequency: each action moves twice as far.
    case halfRate = "half_rate"
    /// Twice the control frequency: each action moves half as far.
    case doubleRate = "double_rate"
    /// End-effector deltas in another frame: the tool frame (the base frame when the card's is the tool's).
    case otherFrame = "other_frame"
    /// The other three-number rotation form: roll-pitch-yaw ↔ axis-angle.
    case otherRotation = "other_rotation"

    public static let names = allCases.map(\.rawValue)

    /// The changed card, or nil when the change does not apply to this body (no
    /// gripper, no end-effector mode, a frequency LeRobot's integer fps cannot state).
    public func apply(to robot: RobotModel) -> RobotModel? {
        var r = robot
        var c = robot.control
        switch self {
        case .card:
            return robot
        case .flippedGripper:
            guard !c.grippers.isEmpty else { return nil }
            c.grippers = c.grippers.map { GripperChannel(arm: $0.arm, channel: $0.channel, open: $0.closed, closed: $0.open) }
        case .halfRate, .doubleRate:
            let hz = c.frequencyHz * frequencyFactor
            guard hz >= 1, hz == hz.rounded(), RobotRules.frequency(hz) == nil else { return nil }
            c.frequencyHz = hz
        case .otherFrame:
            guard c.mode.isEndEffector else { return nil }
            c.frame = c.frame == .tool ? .base : .tool
        case .otherRotation:
            guard c.mode.isEndEffector else { return nil }
            switch c.rotation {
            case .axisAngle: c.rotation = .rpy
            case .rpy: c.rotation = .axisAngle
            case .quaternion, .none: return nil
            }
        }
        r.control = c
        return r
    }

    /// How the control frequency changes (the recorder raises the step budget with it).
    public var frequencyFactor: Double {
        switch self {
        case .halfRate: return 0.5
        case .doubleRate: return 2
        default: return 1
        }
    }

    /// The variants in `list` that apply to `robot`, in `list`'s order.
    public static func applicable(_ list: [EmbodimentVariant], to robot: RobotModel) -> [EmbodimentVariant] {
        list.filter { $0.apply(to: robot) != nil }
    }
}
