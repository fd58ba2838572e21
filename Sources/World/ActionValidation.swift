import Spatial

/// The one check of action vectors against a robot's TRUE convention. The
/// controller refuses exactly what `problem(in:robot:)` reports (and leaves the
/// world untouched); a transport checks `shapeProblem` on what it received; an
/// episode can check a whole chunk before stepping with `firstProblem(in:robot:)`.
public enum ActionValidation {
    /// A problem in one action of a chunk: which action, and what is wrong with it.
    public struct ChunkProblem: Sendable, Equatable {
        public var index: Int
        public var message: String
    }

    /// Why `robot` cannot execute `action`, or nil: a wrong length, a number that
    /// is not finite or beyond ±1e6, a discrete base command other than 0…3, a zero-length quaternion.
    public static func problem(in action: [Double], robot: RobotModel) -> String? {
        if let shape = shapeProblem(in: action, robot: robot) { return shape }
        return valueProblem(in: action, robot: robot)
    }

    /// Length and finiteness only: what can be said of the numbers without reading
    /// their meaning.
    public static func shapeProblem(in action: [Double], robot: RobotModel) -> String? {
        let layout = robot.actionLayout
        guard action.count == layout.count else {
            return "expected \(layout.count) numbers [\(layout.joined(separator: ", "))], got \(action.count)"
        }
        if let bad = action.firstIndex(where: { !$0.isFinite }) {
            return "channel \(bad) (\(layout[bad])) is \(action[bad]); actions must be finite"
        }
        if let bad = action.firstIndex(where: { abs($0) > maxMagnitude }) {
            return "channel \(bad) (\(layout[bad])) is \(action[bad]); actions must lie within ±\(numberText(maxMagnitude))"
        }
        return nil
    }

    /// The largest magnitude any action number may have. Every channel is metres,
    /// radians, a gripper command or a base command: a server sending 1e16 is broken,
    /// and refusing it here keeps such numbers out of clipping, IK and formatting.
    public static let maxMagnitude = 1e6

    /// The first action of `chunk` with a problem (`shapeOnly`: length and
    /// finiteness only), or nil when every action can be executed.
    public static func firstProblem(in chunk: [[Double]], robot: RobotModel, shapeOnly: Bool = false) -> ChunkProblem? {
        for (i, action) in chunk.enumerated() {
            if let message = shapeOnly ? shapeProblem(in: action, robot: robot) : problem(in: action, robot: robot) {
                return ChunkProblem(index: i, message: message)
            }
        }
        return nil
    }

    /// The first action of `chunk` the controller would refuse in `model`'s world;
    /// the same verdicts as `firstProblem(in:robot:)`, with the model's derived
    /// channels (no message is built for actions that pass).
    public static func firstProblem(in chunk: [[Double]], model: WorldModel) -> ChunkProblem? {
        for (i, action) in chunk.enumerated() {
            if let message = problem(in: action, model: model) { return ChunkProblem(index: i, message: message) }
        }
        return nil
    }

    /// `problem(in:robot:)` with `model`'s derived dimension and channels: the
    /// controller's per-step check. The message (which names the layout's
    /// channels, costly to build) is built only for an action that is refused.
    public static func problem(in action: [Double], model: WorldModel) -> String? {
        guard action.count != model.actionDimension || action.contains(where: { !$0.isFinite || abs($0) > maxMagnitude })
                || valueProblem(in: action, model) != nil else { return nil }
        return problem(in: action, robot: model.robot)
    }

    /// Numbers of the right count and finite, but meaningless for the convention.
    static func valueProblem(in action: [Double], robot: RobotModel) -> String? {
        valueProblem(in: action, robot.control, channels: { ActionConvention(robot: robot).channels })
    }

    /// The same, with the model's channels derived once (the controller's per-step path).
    static func valueProblem(in action: [Double], _ model: WorldModel) -> String? {
        valueProblem(in: action, model.robot.control, channels: { model.actionChannels })
    }

    static func valueProblem(in action: [Double], _ control: ControlConvention, channels: () -> ActionChannels) -> String? {
        if control.mode == .baseDiscrete || control.baseMode == .baseDiscrete, let v = action.last,
           !(0...3).contains(v.rounded()) || abs(v - v.rounded()) > 1e-9 {
            return "discrete command must be 0 (stop), 1 (forward), 2 (left) or 3 (right), got \(v)"
        }
        if control.mode.isEndEffector && control.rotation == .quaternion {
            for at in channels().armMotion {
                let q = Quat(w: action[at[3]], x: action[at[4]], y: action[at[5]], z: action[at[6]])
                if q.norm <= 1e-6 { return "quaternion (w, x, y, z) has zero length" }
            }
        }
        return nil
    }
}
