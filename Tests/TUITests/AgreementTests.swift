import Episode
import Policy
import Testing
import TUI
import World

/// The playground and `vlaplay run` must tell the same story: the same steps and the
/// same verdict for the same scene, task, seed and policy.
@Suite struct AgreementTests {
    @Test(arguments: ["libero_spatial", "nav_apartment", "trajectory", "trajectory_base"])
    func thePlaygroundJudgesLikeTheHeadlessRunner(_ scene: String) async throws {
        var s = try loadedState(scene, policy: "expert")
        let start = try #require(s.session)
        s = await drive(s, [.key(.enter), .key(.char("p"))]).0
        var ticks = 0
        while s.session?.outcome == nil && ticks < start.task.maxSteps + 50 {
            s = await drive(s, [.tick]).0
            ticks += 1
        }
        let played = try #require(s.session)
        let outcome = try #require(played.outcome, "no verdict after \(ticks) ticks")

        let setup = EpisodeSetup(model: start.model, initial: start.model.prepared(start.history[0], for: start.task), taskIndex: 0)
        #expect(setup.initial == start.history[0])
        let summary = await EpisodeRunner(setup).run(policy: start.policy)
        #expect(outcome.success == summary.success, "TUI: \(outcome.reason); runner: \(summary.reason)")
        #expect(played.stepCount == summary.steps)
        #expect(played.history.last == summary.final)
    }
}
