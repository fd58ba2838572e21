import Kinematics
import Spatial
import World

/// Holds the robot still in its true convention: zero deltas, current joint or
/// tool targets, grippers as they are. A baseline, and a test of the plumbing.
/// (For a navigation base, holding still is the stop command.)
public struct HoldPolicy: Policy {
    public let name = "hold"
    let robot: RobotModel

    public init(robot: RobotModel) { self.robot = robot }

    public func act(_ request: PolicyRequest) async throws -> ActionChunk {
        let a = HoldPolicy.action(robot, request.observation)
        return ActionChunk(actions: Array(repeating: a, count: robot.control.chunk))
    }

    public static func action(_ robot: RobotModel, _ o: Observation) -> [Double] {
        ActionCodec.encode(command(robot, o), ActionConvention(robot: robot))
    }

    /// Holding still, physically: stay where the tool or joints are, keep each
    /// gripper as it is (snapped to open or closed), and for a base, stop.
    public static func command(_ robot: RobotModel, _ o: Observation) -> ActionCommand {
        let c = robot.control
        let arms = robot.arms.enumerated().map { i, arm -> ActionCommand.Arm in
            var motion: ActionCommand.ArmMotion?
            switch c.mode {
            case .jointPosition: motion = .joints(arm.jointQ.map { o.q[$0] })
            case .jointDelta: motion = .joints(Array(repeating: 0, count: arm.jointQ.count))
            case .eeDelta: motion = .endEffector(translation: .zero, rotation: nil)
            case .eeAbsolute: motion = .endEffector(translation: o.toolPoses[i].translation, rotation: o.toolPoses[i].rotation)
            default: motion = nil
            }
            return ActionCommand.Arm(motion: motion, gripperOpening: isGripperOpen(o.gripper[i]) ? 1 : 0)
        }
        var base: ActionCommand.Base?
        switch ActionConvention(robot: robot).baseMode {
        case .baseWaypoint?: base = .waypoint(Pose2D())
        case .baseDiscrete?: base = .discrete(0)
        case .baseVelocity?: base = .velocity(vx: 0, vy: 0, omega: 0)
        default: base = nil
        }
        return ActionCommand(arms: arms, base: base)
    }
}
