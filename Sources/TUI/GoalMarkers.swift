import Episode
import Policy
import Render
import Spatial
import World

/// Goal markers for the scene view (the verdict is Episode's `EpisodeVerdict`,
/// dry runs are its `ChunkPreview`).
public enum EpisodeLogic {
    /// Rings around the places the goal names, for the scene view.
    public static func goalMarkers(_ model: WorldModel, _ state: WorldState, _ task: TaskSpec) -> [GoalMarker] {
        var out: [GoalMarker] = []
        func radius(_ name: String) -> Double {
            if let i = model.objectIndex(name) { let h = model.objects[i].shape.halfFootprint; return max(h.x, h.y) + 0.02 }
            if let r = model.scene.region(name) { return max(r.size.x, r.size.y) / 2 }
            if let f = model.scene.fixture(name) { return max(f.size.x, f.size.y) / 2 * 0.5 }
            return model.scene.successDistance > 0 ? model.scene.successDistance : 0.1
        }
        func add(_ name: String, _ label: String, _ reached: Bool) {
            guard !out.contains(where: { $0.label == label }), let p = GoalEvaluator.position(name, model, state) else { return }
            var q = p
            if let i = model.objectIndex(name) { q.z = state.objects[i].pose.translation.z }
            out.append(GoalMarker(position: q, radius: radius(name), label: label, reached: reached))
        }
        for atom in task.goal.atoms {
            let ok = GoalEvaluator.evaluate(atom, model, state)
            switch atom {
            case .on(_, let b), .inside(_, let b): add(b, "goal", ok)
            case .at(_, let r): add(r, "goal", ok)
            case .near(_, let b, _): add(b, "goal", ok)
            case .holding(_, let a): add(a, "grasp", ok)
            default: break
            }
        }
        if model.scene.family == .navigation, out.isEmpty, let last = task.referencePath.last {
            out.append(GoalMarker(position: last, radius: model.scene.successDistance, label: "goal"))
        }
        return out
    }
}

extension Session {
    /// The outcome after the latest step, or nil while the episode goes on: the one
    /// verdict (`EpisodeVerdict`), so the banner says what `vlaplay run` logs.
    func verdict(policyFinished: Bool) -> Outcome? {
        EpisodeVerdict.afterStep(episode, maxSteps: task.maxSteps, policyFinished: policyFinished)
            .map { Outcome(success: $0.success, reason: $0.reason, step: stepCount) }
    }
}
