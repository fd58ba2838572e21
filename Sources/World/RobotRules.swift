import Kinematics

/// What makes a robot valid, whatever file or code describes it: a body that can be
/// controlled, a home inside the joint limits, and a control convention that fits the
/// body and puts each gripper where the derived action layout expects it.
/// Each rule returns nil when it holds; `RobotCardLoader` reports a violation at the
/// card's line, with the words given here.
public enum RobotRules {
    /// Names appear in file names, logs and commands, so they stay plain ASCII.
    public static func name(_ name: String) -> RuleViolation? {
        let plain = !name.isEmpty && name.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" } && name.allSatisfy(\.isASCII)
        return plain ? nil : RuleViolation(expected: "a name of lower-case letters, digits and _")
    }

    /// `waist: true` turns the arms with the torso, so the torso must be able to turn.
    public static func waist(_ waist: Bool, torso: [Joint]) -> RuleViolation? {
        guard waist, !torso.contains(where: { $0.type.isMovable }) else { return nil }
        return RuleViolation(expected: "a `torso:` with a movable joint when `waist: true`")
    }

    /// An arm that cannot move cannot be commanded.
    public static func arm(joints: ArraySlice<Joint>) -> RuleViolation? {
        joints.contains(where: { $0.type.isMovable }) ? nil : RuleViolation(expected: "an arm with at least one movable joint")
    }

    /// Layouts, prompts and the TUI know single-arm and bimanual robots only.
    public static func armCount(_ count: Int) -> RuleViolation? {
        count <= 2 ? nil : RuleViolation(expected: "at most two arms", found: "\(count)")
    }

    /// Something must move: an arm, or a base.
    public static func body(armCount: Int, hasBase: Bool) -> RuleViolation? {
        armCount > 0 || hasBase ? nil : RuleViolation(expected: "at least one arm, or a `mobile_base:`")
    }

    /// One number per movable joint, each inside that joint's limits (episodes start here).
    public static func home(_ home: [Double], tree: KinematicTree) -> RuleViolation? {
        guard home.count == tree.dof else {
            let names = tree.movableJoints.map { tree.joints[$0].name }.joined(separator: ", ")
            return RuleViolation(expected: "\(tree.dof) numbers (one per movable joint: \(names))", found: "\(home.count)")
        }
        for (k, j) in tree.movableJoints.enumerated() where home[k] < tree.joints[j].lower || home[k] > tree.joints[j].upper {
            let joint = tree.joints[j]
            return RuleViolation(expected: "values within the joint limits",
                                 found: "\(joint.name) = \(home[k]), limits [\(joint.lower), \(joint.upper)]", subfield: "[\(k)]")
        }
        return nil
    }

    /// The control mode drives a part the robot has.
    public static func mode(_ mode: ControlMode, hasBase: Bool, hasArms: Bool) -> RuleViolation? {
        if mode.isBase && !hasBase { return RuleViolation(expected: "an arm mode: this robot has no mobile base") }
        if !mode.isBase && !hasArms { return RuleViolation(expected: "base_waypoint or base_velocity: this robot has no arms") }
        return nil
    }

    /// A gripper entry names one of the robot's arms, and each arm has at most one.
    public static func gripperArm(_ arm: String, armNames: [String], taken: [GripperChannel]) -> RuleViolation? {
        guard armNames.contains(arm) else { return RuleViolation(expected: "one of the arms: \(armNames.joined(separator: ", "))") }
        if taken.contains(where: { $0.arm == arm }) { return RuleViolation(expected: "one gripper entry per arm") }
        return nil
    }

    /// A second mode for the base only makes sense beside an arm mode on a robot with a base.
    public static func baseModeAllowed(hasBase: Bool, mode: ControlMode) -> RuleViolation? {
        hasBase && !mode.isBase ? nil : RuleViolation(expected: "no base_mode: only for a mobile manipulator with an arm mode")
    }

    public static func baseMode(_ baseMode: ControlMode) -> RuleViolation? {
        baseMode.isBase ? nil : RuleViolation(expected: "base_waypoint or base_velocity")
    }

    /// A mobile manipulator driven by an arm mode must say how its base channels read.
    public static func baseModeRequired(hasBase: Bool, mode: ControlMode) -> RuleViolation? {
        guard hasBase && !mode.isBase else { return nil }
        return RuleViolation(expected: "`base_mode:` (base_waypoint or base_velocity) for the base of this mobile manipulator",
                             subfield: ".base_mode")
    }

    /// Above this the step's time is below 0.1 ms: a typo, not a robot.
    public static func frequency(_ hz: Double) -> RuleViolation? {
        hz <= 10_000 ? nil : RuleViolation(expected: "at most 10000 Hz")
    }

    public static func chunk(_ length: Int) -> RuleViolation? {
        (1...4096).contains(length) ? nil : RuleViolation(expected: "a chunk length from 1 to 4096")
    }

    /// A prompt without the instruction would not tell the policy what to do.
    public static func promptTemplate(_ text: String) -> RuleViolation? {
        text.contains("{instruction}") ? nil
            : RuleViolation(expected: "a template with {instruction} (also {robot_tag}, {body}, {fps}, {chunk_size})")
    }

    /// The gripper-channel invariant: each gripper entry of the convention sits where the
    /// layout derived from the convention puts that arm's gripper. `entry` indexes
    /// `model.control.grippers`.
    public static func gripperChannels(of model: RobotModel) -> (entry: Int, violation: RuleViolation)? {
        let expected = model.expectedGripperChannels
        for (k, g) in model.control.grippers.enumerated() {
            guard let want = expected[g.arm] else { return (k, RuleViolation(expected: "an arm with a gripper channel")) }
            if want != g.channel {
                return (k, RuleViolation(expected: "channel \(want) (layout: \(model.actionLayout.joined(separator: ", ")))",
                                         found: "channel \(g.channel)", subfield: ".channel"))
            }
        }
        return nil
    }
}
