import Spatial
import World

/// How an episode ended: success, the reason in words, and the family's metrics.
public struct Verdict: Sendable, Equatable {
    public var success: Bool
    public var reason: String
    public var metrics: [String: Double]
}

/// The one judge of an episode, for every driver: the runner's log footer and the
/// playground's banner say the same thing.
public enum EpisodeVerdict {
    /// After a step: the verdict if the episode is over, nil while it goes on. In the
    /// order the runner checks: goal reached (manipulation families), the policy
    /// stopped, the step budget, the policy finished.
    public static func afterStep(_ episode: Episode, maxSteps: Int, policyFinished: Bool) -> Verdict? {
        let model = episode.model, task = episode.task, state = episode.state
        if EpisodeRules.checksGoal(model) && GoalEvaluator.evaluate(task.goal, model, state) {
            return final(episode, reason: "goal reached: \(task.goalText)", goalReached: true)
        }
        if state.stopped { return final(episode, reason: "the policy stopped") }
        if episode.stepCount >= maxSteps { return final(episode, reason: "ran out of steps (\(maxSteps))") }
        if policyFinished { return final(episode, reason: "the policy finished") }
        return nil
    }

    /// The verdict when the episode ends for `reason`, with the family's metrics:
    /// R2R's (navigation: success is stopping within the success distance), ADE/FDE
    /// (paths), or the goal predicate (everything else).
    public static func final(_ episode: Episode, reason: String, goalReached: Bool = false) -> Verdict {
        let model = episode.model, task = episode.task, state = episode.state
        var reason = reason
        var success = goalReached
        let metrics: [String: Double]
        let basePath = episode.history.map { Vec3($0.base.x, $0.base.y, 0) }
        switch model.scene.family {
        case .navigation:
            let nav = Metrics.navigation(path: basePath, goals: model.navigationGoals(for: task), shortest: Metrics.pathLength(task.referencePath),
                                         stopped: state.stopped, successDistance: model.scene.successDistance)
            metrics = ["ne": nav.ne, "sr": nav.sr, "osr": nav.osr, "spl": nav.spl, "tl": nav.tl]
            success = nav.sr == 1
            if state.stopped { reason = success ? "stopped within \(model.scene.successDistance) m of the goal" : "stopped \(fmt2(nav.ne)) m from the goal" }
        case .trajectory:
            let toolPath = model.robot.arms.isEmpty ? [] : episode.history.map { model.toolPose($0, arm: 0).translation }
            let executed = task.pathSubject == .base ? basePath : toolPath
            let (ade, fde) = Metrics.displacement(executed: executed, reference: task.referencePath)
            metrics = ["ade": ade, "fde": fde]
            success = ade <= (task.successADE ?? 0) && GoalEvaluator.evaluate(task.goal, model, state)
            reason += success ? "; path followed (ADE \(fmt2(ade)) m)" : "; ADE \(fmt2(ade)) m"
        default:
            metrics = ["success": success ? 1 : 0]
        }
        return Verdict(success: success, reason: reason, metrics: metrics)
    }
}
