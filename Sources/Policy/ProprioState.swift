import Spatial
import World

/// The robot's proprioception as one vector, three ways. One definition shared by the
/// remote observation layouts (`observation/state`, `observation.state`), the dataset
/// recorder and minivla, so a model trained on recorded data is served the same numbers.
public enum ProprioState {
    /// Per arm: its joints then its gripper opening (0 closed – 1 open); then the
    /// base pose (x, y, yaw) when mobile. LeRobot's `observation.state`.
    public static func joints(_ o: Observation, robot: RobotModel) -> [Double] {
        var out: [Double] = []
        for (i, arm) in robot.arms.enumerated() {
            out += arm.qIndices.map { $0 < o.q.count ? o.q[$0] : 0 }
            if arm.gripper.type != .none { out.append(i < o.gripper.count ? o.gripper[i] : 0) }
        }
        if robot.mobileBase != nil { out += [o.base.x, o.base.y, o.base.yaw] }
        return out
    }

    /// The names of `joints`' channels: joint names, `gripper` (`<arm>_gripper` with
    /// several arms), then `base_x`, `base_y`, `base_yaw`.
    public static func jointNames(robot: RobotModel) -> [String] {
        var out: [String] = []
        for arm in robot.arms {
            out += arm.qIndices.map { robot.tree.joints[robot.tree.movableJoints[$0]].name }
            if arm.gripper.type != .none { out.append(robot.arms.count > 1 ? "\(arm.name)_gripper" : "gripper") }
        }
        if robot.mobileBase != nil { out += ["base_x", "base_y", "base_yaw"] }
        return out
    }

    /// What a recorded dataset's `observation.state` holds (and the `lerobot` layout
    /// sends): `joints`, then per arm the tool's position and the first two columns
    /// of its rotation, in the base frame — LIBERO-style end-effector state, with a
    /// rotation form that has no jump at a half turn (a tool pointing down is one).
    public static func recorded(_ o: Observation, robot: RobotModel) -> [Double] {
        var out = joints(o, robot: robot)
        for i in robot.arms.indices {
            let p = i < o.toolPoses.count ? o.toolPoses[i] : Pose(rotation: .identity, translation: .zero)
            let r = p.rotation
            out += [p.translation.x, p.translation.y, p.translation.z, r.c0.x, r.c0.y, r.c0.z, r.c1.x, r.c1.y, r.c1.z]
        }
        return out
    }

    /// The names of `recorded`'s channels: `jointNames`, then per arm `tool_x` … `tool_r32`
    /// (`<arm>_tool_x` … with several arms).
    public static func recordedNames(robot: RobotModel) -> [String] {
        var out = jointNames(robot: robot)
        for arm in robot.arms {
            let prefix = robot.arms.count > 1 ? "\(arm.name)_tool_" : "tool_"
            out += ["x", "y", "z", "r11", "r21", "r31", "r12", "r22", "r32"].map { prefix + $0 }
        }
        return out
    }

    /// LIBERO's 8-D state: tool position and axis-angle (base frame), and the two
    /// finger positions (± half the opening), as openpi's LIBERO client sends.
    public static func tool(_ o: Observation, robot: RobotModel) -> [Double] {
        guard let pose = o.toolPoses.first, let arm = robot.arms.first else { return joints(o, robot: robot) }
        let aa = pose.rotation.axisAngle
        let half = (o.gripper.first ?? 1) * arm.gripper.maxWidth / 2
        return [pose.translation.x, pose.translation.y, pose.translation.z, aa.x, aa.y, aa.z, half, -half]
    }
}
