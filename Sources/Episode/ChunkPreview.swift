import Render
import Spatial
import World

/// A dry run of (the rest of) a chunk on a copy of the world.
public struct Prediction: Sendable, Equatable {
    /// One path per arm tool (or the base), starting where the robot is.
    public var paths: [[Vec3]]
    public var marks: [GripperMark]
    /// Where the dry run was refused (an action the controller would not execute).
    public var refusal: String?
    public var steps: Int
    public static let empty = Prediction(paths: [], marks: [], refusal: nil, steps: 0)
}

/// Any chunk, from any policy, drawn as a predicted trajectory: run it on a COPY
/// of the world with the true controller. The world itself is untouched (states
/// are values), which is what makes the overlay free for remote models too.
public enum ChunkPreview {
    /// Dry-runs `actions` from `state`: the tool (or base) paths at every substep,
    /// and marks where the gripper command flips.
    public static func predict(_ model: WorldModel, from state: WorldState, actions: ArraySlice<[Double]>) -> Prediction {
        var s = state
        var paths = subjects(model, s).map { [$0] }
        var marks: [GripperMark] = []
        var refusal: String?
        let grippers = model.robot.control.grippers
        var steps = 0
        for action in actions {
            let r = Controller.step(model, s, action: action)
            if r.refused { refusal = r.events.first?.message ?? "refused"; break }
            // Substeps give the curve between control steps.
            for sub in r.substeps {
                var t = s
                t.q = sub.q
                t.base = Pose2D(x: sub.base.x, y: sub.base.y, yaw: sub.base.yaw)
                let pts = subjects(model, t)
                for i in paths.indices where i < pts.count { paths[i].append(pts[i]) }
            }
            for g in grippers {
                guard let a = model.robot.arms.firstIndex(where: { $0.name == g.arm }), a < s.gripper.count else { continue }
                let before = isGripperOpen(s.gripper[a]), after = isGripperOpen(r.state.gripper[a])
                if before != after { marks.append(GripperMark(position: model.toolPose(r.state, arm: a).translation, closes: !after)) }
            }
            s = r.state
            steps += 1
        }
        return Prediction(paths: paths, marks: marks, refusal: refusal, steps: steps)
    }

    /// The points whose paths are drawn: each arm's tool, or the base.
    public static func subjects(_ model: WorldModel, _ s: WorldState) -> [Vec3] {
        if model.robot.arms.isEmpty { return [Vec3(s.base.x, s.base.y, 0.05)] }
        return model.robot.arms.indices.map { model.toolPose(s, arm: $0).translation }
    }
}
