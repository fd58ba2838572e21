import World

/// A control convention as a prompt states it — or as a card defines it, when
/// made from a robot. The expert encodes its actions in the claimed convention;
/// the controller executes the card's. The linter compares the two.
public struct ClaimedConvention: Sendable, Equatable {
    public var tag: String?
    public var arms: Int = 1
    public var waist: Bool = false
    public var mobileBase: Bool = false
    public var frequencyHz: Double?
    public var chunk: Int?
    public var mode: ControlMode?
    public var frame: ControlFrame?
    public var rotation: RotationRepresentation?
    /// Metres per unit of the claimed translation (1 m, 0.01 cm, 0.001 mm).
    public var metresPerUnit: Double = 1
    /// Radians per unit of the claimed angles (1 rad, pi/180 deg).
    public var radiansPerUnit: Double = 1
    /// Joints per arm, when the prompt says so.
    public var jointsPerArm: Int?
    public var grippers: [GripperChannel] = []
    public var baseMode: ControlMode?
    /// Largest translation / rotation per action the prompt states.
    public var maxTranslation: Double?
    public var maxRotation: Double?

    public init() {}

    /// The card's true convention, in the same terms.
    public init(robot: RobotModel) {
        tag = robot.tag
        arms = robot.arms.count
        waist = robot.waist
        mobileBase = robot.mobileBase != nil
        frequencyHz = robot.control.frequencyHz
        chunk = robot.control.chunk
        mode = robot.control.mode
        frame = robot.control.mode.isEndEffector ? robot.control.frame : nil
        rotation = robot.control.mode.isEndEffector ? robot.control.rotation : nil
        jointsPerArm = robot.arms.first?.jointQ.count
        grippers = robot.control.grippers
        baseMode = robot.control.baseMode
        maxTranslation = robot.control.maxTranslation
        maxRotation = robot.control.maxRotation
    }

    /// The claim as the action codec reads it, for `robot`'s arms and base. What
    /// the prompt leaves unsaid is what the expert has always assumed: the card's
    /// mode, the base frame, axis-angle; a base velocity has as many channels as
    /// the true base can use.
    public func actionConvention(for robot: RobotModel) -> ActionConvention {
        let mode = self.mode ?? robot.control.mode
        let names = robot.arms.map(\.name)
        let slots = (0..<max(0, arms)).map { a in
            ActionConvention.ArmSlot(name: a < names.count ? names[a] : "arm\(a)", joints: jointsPerArm ?? 0)
        }
        return ActionConvention(armMode: mode.isBase ? nil : mode, frame: frame ?? .base, rotation: rotation ?? .axisAngle,
                                arms: slots, grippers: grippers, baseMode: mode.isBase ? mode : baseMode,
                                holonomicBase: robot.mobileBase?.isHolonomic ?? true,
                                metresPerUnit: metresPerUnit, radiansPerUnit: radiansPerUnit)
    }

    /// The action layout this claim implies, for `robot`'s arm names.
    public func layout(armNames: [String]) -> [String] {
        var names: [String] = []
        let armMode = (mode?.isBase ?? false) ? nil : mode
        let armList = Array(armNames.prefix(arms))
        for arm in armList {
            let prefix = armList.count > 1 ? "\(arm)_" : ""
            if let armMode {
                if armMode.isJoint {
                    names += (0..<(jointsPerArm ?? 0)).map { "\(prefix)joint\($0 + 1)" }
                } else {
                    names += ["x", "y", "z"].map { prefix + $0 }
                    switch rotation ?? .axisAngle {
                    case .axisAngle: names += ["rx", "ry", "rz"].map { prefix + $0 }
                    case .rpy: names += ["roll", "pitch", "yaw"].map { prefix + $0 }
                    case .quaternion: names += ["qw", "qx", "qy", "qz"].map { prefix + $0 }
                    case .none: break
                    }
                }
            }
            if grippers.contains(where: { $0.arm == arm }) { names.append(prefix + "gripper") }
        }
        if let b = (mode?.isBase ?? false) ? mode : baseMode {
            switch b {
            case .baseWaypoint: names += ["dx", "dy", "dyaw"]
            case .baseDiscrete: names += ["command"]
            default: names += ["vx", "vy", "omega"]
            }
        }
        return names
    }
}
