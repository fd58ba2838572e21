import Spatial
import World

/// Keyboard teleoperation in the robot's TRUE convention: a key is a small motion
/// of the tool or base, encoded as the card says the controller reads it. The TUI
/// binds the keys; scripts and tests can call it directly.
public enum Teleop {
    public enum Command: String, Sendable, CaseIterable {
        case forward, back, left, right, up, down, toggleGripper = "gripper", turnLeft = "turn_left", turnRight = "turn_right", stop
    }

    /// Step sizes: 1 cm for tools, 10 cm / 0.2 rad for bases.
    public static let toolStep = 0.01
    public static let baseStep = 0.1
    public static let turnStep = 0.2

    /// One action for a command from the current state; arm `arm` moves, the rest hold.
    public static func action(_ command: Command, model: WorldModel, state: WorldState, arm: Int = 0) -> [Double] {
        let claim = ClaimedConvention(robot: model.robot)
        var encoder = ActionEncoder(model: model, claim: claim, state: state)
        var intent = Intent(tools: model.robot.arms.indices.map { _ in nil }, open: state.gripper.map(isGripperOpen), base: nil)
        let hasArm = arm < model.robot.arms.count
        let tool = hasArm ? model.toolPose(state, arm: arm).translation : .zero
        // Directions as the robot faces: forward is the base's +x.
        let yaw = state.base.yaw
        let fwd = Vec3(cos(yaw), sin(yaw), 0), left = Vec3(-sin(yaw), cos(yaw), 0)
        switch command {
        case .forward, .back, .left, .right, .up, .down:
            let dir: Vec3 = [.forward: fwd, .back: -fwd, .left: left, .right: -left, .up: Vec3(0, 0, 1), .down: Vec3(0, 0, -1)][command]!
            if hasArm {
                intent.tools[arm] = tool + dir * toolStep
            } else if command == .forward || command == .back {
                intent.base = state.base * Pose2D(x: command == .forward ? baseStep : -baseStep, y: 0, yaw: 0)
            }
        case .turnLeft, .turnRight:
            intent.base = state.base * Pose2D(x: 0, y: 0, yaw: command == .turnLeft ? turnStep : -turnStep)
        case .toggleGripper:
            if hasArm { intent.open[arm].toggle() }
        case .stop:
            intent.stop = true
        }
        return encoder.encode(intent)
    }
}
#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif
