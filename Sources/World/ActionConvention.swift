/// How the numbers of one action vector are laid out and scaled: the card's TRUE
/// convention (`init(robot:)`), or any convention a prompt claims (Policy builds
/// one from a `ClaimedConvention`). `ActionCodec` reads and writes actions by it.
///
/// The natural layout is, per arm in order: the arm's motion channels (joint
/// values, or x, y, z and the rotation), then its gripper; then the base channels.
/// A gripper whose stated channel is elsewhere is swapped into place (padding with
/// zeros when the channel lies past the end), which is how a prompt that says "the
/// gripper is index 0" rearranges the numbers. A prompt that states its own order
/// ("[rx, ry, rz, x, y, z, gripper]", a pad slot, six numbers where the card wants
/// seven) gives an explicit `arrangement` instead.
public struct ActionConvention: Sendable, Equatable {
    /// One arm the action speaks for.
    public struct ArmSlot: Sendable, Equatable {
        /// Matches `GripperChannel.arm`.
        public var name: String
        /// Joint channels in joint modes.
        public var joints: Int

        public init(name: String, joints: Int) { self.name = name; self.joints = joints }
    }

    /// How arm channels are read; nil when the action has no arm channels (a base mode).
    public var armMode: ControlMode?
    public var frame: ControlFrame
    public var rotation: RotationRepresentation
    public var arms: [ArmSlot]
    public var grippers: [GripperChannel]
    /// How base channels are read; nil when the action has none.
    public var baseMode: ControlMode?
    /// Base velocity takes (vx, vy, omega) when holonomic, else (v, omega).
    public var holonomicBase: Bool
    /// Metres per unit of ee translations and base waypoints (0.01 for centimetres).
    public var metresPerUnit: Double
    /// Radians per unit of joint values, axis-angle / rpy angles and waypoint turns.
    public var radiansPerUnit: Double
    /// A stated order, when there is one: position p of the vector carries natural
    /// channel `arrangement[p]`, or nil for a padding slot (always 0). Natural
    /// channels it leaves out are not sent. Nil: the natural layout, grippers
    /// swapped to their channels. (Card conventions never have one.)
    public var arrangement: [Int?]?

    public init(armMode: ControlMode?, frame: ControlFrame = .base, rotation: RotationRepresentation = .axisAngle,
                arms: [ArmSlot], grippers: [GripperChannel] = [], baseMode: ControlMode? = nil, holonomicBase: Bool = true,
                metresPerUnit: Double = 1, radiansPerUnit: Double = 1, arrangement: [Int?]? = nil) {
        self.armMode = armMode; self.frame = frame; self.rotation = rotation; self.arms = arms
        self.grippers = grippers; self.baseMode = baseMode; self.holonomicBase = holonomicBase
        self.metresPerUnit = metresPerUnit; self.radiansPerUnit = radiansPerUnit; self.arrangement = arrangement
    }

    /// The robot card's true convention: what `Controller.step` executes.
    public init(robot: RobotModel) {
        let control = robot.control
        self.init(armMode: control.mode.isBase ? nil : control.mode, frame: control.frame, rotation: control.rotation,
                  arms: robot.arms.map { ArmSlot(name: $0.name, joints: $0.jointQ.count) },
                  grippers: control.grippers,
                  // Base channels exist only on a body that has a base (as `RobotModel.actionLayout` says).
                  baseMode: robot.mobileBase == nil ? nil : (control.mode.isBase ? control.mode : control.baseMode),
                  holonomicBase: robot.mobileBase?.isHolonomic ?? true)
    }

    /// Numbers one arm's motion takes.
    public func motionWidth(of arm: ArmSlot) -> Int {
        switch armMode {
        case .jointPosition?, .jointDelta?: return arm.joints
        case .eeDelta?, .eeAbsolute?: return 3 + rotation.size
        default: return 0
        }
    }

    /// Numbers the base takes.
    public var baseWidth: Int {
        switch baseMode {
        case .baseWaypoint?: return 3
        case .baseDiscrete?: return 1
        case .baseVelocity?: return holonomicBase ? 3 : 2
        default: return 0
        }
    }

    /// Where every number sits in the action vector.
    public var channels: ActionChannels { ActionChannels(self) }
}

/// Positions in the action vector, derived from an `ActionConvention`.
public struct ActionChannels: Sendable, Equatable {
    /// Per convention arm: the positions of its motion numbers, in order.
    public var armMotion: [[Int]]
    /// Per convention arm: the position of its gripper number, if it has one.
    public var gripper: [Int?]
    /// The positions of the base numbers, in order.
    public var base: [Int]
    /// The length of the action vector (a gripper placed past the end pads with zeros).
    public var dimension: Int
    /// `dimension`, plus one scratch position where an arrangement leaves natural
    /// channels out: they are written there and dropped (encode), read as 0 (decode).
    public var width: Int

    init(_ c: ActionConvention) {
        var natural = 0
        var armRanges: [Range<Int>] = []
        var gripperNatural: [Int?] = []
        var swaps: [(index: Int, channel: Int)] = []
        for arm in c.arms {
            let width = c.motionWidth(of: arm)
            armRanges.append(natural..<(natural + width))
            natural += width
            if let g = c.grippers.first(where: { $0.arm == arm.name }) {
                gripperNatural.append(natural)
                swaps.append((natural, g.channel))
                natural += 1
            } else {
                gripperNatural.append(nil)
            }
        }
        let baseRange = natural..<(natural + c.baseWidth)
        natural += c.baseWidth
        var source: [Int]   // source[p]: the natural channel at position p (-1: padding)
        if let arrangement = c.arrangement {
            source = arrangement.map { n in n.map { (0..<natural).contains($0) ? $0 : -1 } ?? -1 }
        } else {
            // The swaps, in order, on positions (as a policy writing the natural layout
            // and then moving each gripper to its stated channel would do them).
            source = Array(0..<natural)
            for s in swaps where s.channel != s.index && s.channel >= 0 {
                if s.channel >= source.count { source += [Int](repeating: -1, count: s.channel - source.count + 1) }
                source.swapAt(s.index, s.channel)
            }
        }
        let scratch = source.count
        var position = [Int](repeating: scratch, count: natural)
        for (p, n) in source.enumerated() where n >= 0 { position[n] = p }
        armMotion = armRanges.map { $0.map { position[$0] } }
        gripper = gripperNatural.map { $0.map { position[$0] } }
        base = baseRange.map { position[$0] }
        dimension = source.count
        width = position.contains(scratch) ? scratch + 1 : scratch
    }
}
