import Episode
import Policy
import Render
import Spatial
import World

/// Pure episode mechanics the update function uses: judging and goal markers
/// (dry runs are Episode's `ChunkPreview`).
public enum EpisodeLogic {
    /// The outcome after the latest step, or nil while the episode goes on.
    /// Follows the headless runner: goal reached, stop, step budget, policy done.
    public static func judge(_ session: Session, policyFinished: Bool) -> Outcome? {
        let model = session.model
        let task = session.task
        let state = session.history.last!
        let n = session.stepCount
        if EpisodeRules.checksGoal(model) && GoalEvaluator.evaluate(task.goal, model, state) {
            return Outcome(success: true, reason: "goal reached: \(task.goalText)", step: n)
        }
        switch model.scene.family {
        case .navigation:
            if state.stopped || n >= task.maxSteps || policyFinished {
                let path = session.history.map { Vec3($0.base.x, $0.base.y, 0) }
                let nav = Metrics.navigation(path: path, goals: model.navigationGoals(for: task), shortest: Metrics.pathLength(task.referencePath),
                                             stopped: state.stopped, successDistance: model.scene.successDistance)
                let d = String(format: "%.2f", nav.ne)
                if nav.sr == 1 { return Outcome(success: true, reason: "stopped \(d) m from the goal (SPL \(String(format: "%.2f", nav.spl)))", step: n) }
                return Outcome(success: false, reason: state.stopped ? "stopped \(d) m from the goal" : "ran out of steps \(d) m from the goal", step: n)
            }
        case .trajectory:
            if n >= task.maxSteps || policyFinished || state.stopped {
                let executed = task.pathSubject == .base ? session.history.map { Vec3($0.base.x, $0.base.y, 0) }
                    : session.trace.map { $0.first ?? .zero }
                let (ade, _) = Metrics.displacement(executed: executed, reference: task.referencePath)
                let ok = ade <= (task.successADE ?? 0) && GoalEvaluator.evaluate(task.goal, model, state)
                return Outcome(success: ok, reason: "path \(ok ? "followed" : "missed"): ADE \(String(format: "%.3f", ade)) m", step: n)
            }
        default:
            if state.stopped { return Outcome(success: false, reason: "the policy stopped; goal not reached", step: n) }
            if policyFinished { return Outcome(success: false, reason: "the policy finished; goal not reached: \(task.goalText)", step: n) }
            if n >= task.maxSteps { return Outcome(success: false, reason: "ran out of steps (\(task.maxSteps)); goal not reached", step: n) }
        }
        return nil
    }

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
