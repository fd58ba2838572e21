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
    /// The action's slots in the order the prompt states them, by the names
    /// `layout(armNames:)` uses ("pad" for a padding slot); nil when the prompt
    /// states no layout, length or padding of its own (the natural layout).
    public var slots: [String]?

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
    /// the true base can use. Stated slots become the codec's arrangement, so the
    /// expert sends exactly the vector the prompt describes.
    public func actionConvention(for robot: RobotModel) -> ActionConvention {
        let mode = self.mode ?? robot.control.mode
        var named = self
        named.mode = mode   // the natural layout the arrangement indexes, in the same mode
        let holonomic = robot.mobileBase?.isHolonomic ?? true
        let slots = armNames(robotArms: robot.arms.map(\.name)).map { ActionConvention.ArmSlot(name: $0, joints: jointsPerArm ?? 0) }
        return ActionConvention(armMode: mode.isBase ? nil : mode, frame: frame ?? .base, rotation: rotation ?? .axisAngle,
                                arms: slots, grippers: grippers, baseMode: mode.isBase ? mode : baseMode,
                                holonomicBase: holonomic, metresPerUnit: metresPerUnit, radiansPerUnit: radiansPerUnit,
                                arrangement: arrangement(natural: named.layout(armNames: robot.arms.map(\.name), holonomicBase: holonomic)))
    }

    /// The claimed arms' names: the robot's, in order, and "armK" for arms it does not have.
    public func armNames(robotArms: [String]) -> [String] {
        (0..<max(0, arms)).map { $0 < robotArms.count ? robotArms[$0] : "arm\($0)" }
    }

    /// Stated slots as positions of the natural layout; nil when nothing is
    /// stated or the statement is the natural order itself.
    func arrangement(natural: [String]) -> [Int?]? {
        guard let slots else { return nil }
        let order = slots.map { natural.firstIndex(of: $0) }
        return order == natural.indices.map { Optional($0) } ? nil : order
    }

    /// The action vector this claim makes a policy send, slot by slot: what the
    /// codec writes where (stated order, swapped grippers, "pad" for padding).
    public func vector(for robot: RobotModel) -> [String] {
        var named = self
        named.mode = mode ?? robot.control.mode
        let natural = named.layout(armNames: robot.arms.map(\.name), holonomicBase: robot.mobileBase?.isHolonomic ?? true)
        let channels = actionConvention(for: robot).channels
        var names = [String](repeating: ClaimedConvention.pad, count: channels.dimension)
        // Positions in natural order (each arm's motion, its gripper; then the base), as `layout` names them.
        var positions: [Int] = []
        for (a, motion) in channels.armMotion.enumerated() {
            positions += motion
            if let g = channels.gripper[a] { positions.append(g) }
        }
        positions += channels.base
        for (n, p) in positions.enumerated() where p < names.count && n < natural.count { names[p] = natural[n] }
        return names
    }

    /// The name of a padding slot.
    public static let pad = "pad"

    /// The slot names of every claimed arm and the base, whether or not the claim
    /// gives each arm a gripper: the words stated slots are read into.
    public func vocabulary(armNames robotArms: [String], holonomicBase: Bool = true) -> SlotVocabulary {
        let names = armNames(robotArms: robotArms)
        let armMode = (mode?.isBase ?? false) ? nil : mode
        let arms = names.map { arm -> SlotVocabulary.Arm in
            let prefix = names.count > 1 ? "\(arm)_" : ""
            var v = SlotVocabulary.Arm(name: arm, translation: [], rotation: [], joints: [], gripper: prefix + "gripper")
            if let armMode {
                if armMode.isJoint {
                    v.joints = (0..<(jointsPerArm ?? 0)).map { "\(prefix)joint\($0 + 1)" }
                } else {
                    v.translation = ["x", "y", "z"].map { prefix + $0 }
                    v.rotation = SlotVocabulary.rotationNames(rotation ?? .axisAngle).map { prefix + $0 }
                }
            }
            return v
        }
        var base: [String] = []
        if let b = (mode?.isBase ?? false) ? mode : baseMode {
            switch b {
            case .baseWaypoint: base = ["dx", "dy", "dyaw"]
            case .baseDiscrete: base = ["command"]
            default: base = holonomicBase ? ["vx", "vy", "omega"] : ["v", "omega"]
            }
        }
        return SlotVocabulary(arms: arms, base: base)
    }

    /// The action layout this claim implies in its natural order (each arm's
    /// motion, its gripper if the claim gives it one, then the base), for
    /// `robot`'s arm names: the order `ActionChannels` numbers natural channels in.
    public func layout(armNames: [String], holonomicBase: Bool = true) -> [String] {
        let v = vocabulary(armNames: armNames, holonomicBase: holonomicBase)
        var names: [String] = []
        for arm in v.arms {
            names += arm.motion
            if grippers.contains(where: { $0.arm == arm.name }) { names.append(arm.gripper) }
        }
        return names + v.base
    }
}

/// The names of every slot a claim's action can have, per arm and for the base.
public struct SlotVocabulary: Sendable, Equatable {
    public struct Arm: Sendable, Equatable {
        public var name: String
        public var translation: [String]
        public var rotation: [String]
        public var joints: [String]
        public var gripper: String
        /// The arm's motion numbers in order: joints, or translation then rotation.
        public var motion: [String] { joints.isEmpty ? translation + rotation : joints }
    }
    public var arms: [Arm]
    public var base: [String]

    public static func rotationNames(_ r: RotationRepresentation) -> [String] {
        switch r {
        case .axisAngle: return ["rx", "ry", "rz"]
        case .rpy: return ["roll", "pitch", "yaw"]
        case .quaternion: return ["qw", "qx", "qy", "qz"]
        case .none: return []
        }
    }
}
