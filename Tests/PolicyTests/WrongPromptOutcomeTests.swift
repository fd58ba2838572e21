import Episode
import Policy
import Spatial
import Testing
import World

// Each prompt error the linter reports changes what happens in the world the way
// the finding says: the expert speaks the claimed convention, the controller the true one.

func pandaPrompt(_ change: @escaping (String) -> String) -> (RobotModel, String) -> String {
    { r, instruction in change(EmbodimentPrompt.generate(r, instruction: instruction)) }
}

@Test func withTheRightPromptTheExpertSucceeds() async throws {
    let ok = try await expertEpisode("libero_goal", task: 0)
    #expect(ok.success, "\(ok.reason)")
}

@Test func anInvertedGripperSignNeverHoldsTheBowl() async throws {
    let inverted = pandaPrompt { $0.replacingOccurrences(of: "-1 opens it and 1 closes it", with: "1 opens it and -1 closes it") }
    let r = try await expertEpisode("libero_goal", task: 0, prompt: inverted, maxSteps: 150)
    #expect(!r.success)
    // The gripper is closed whenever the expert means it open: it arrives closed and grasps nothing.
    let events = try await expertEvents("libero_goal", task: 0, prompt: inverted(try robot("franka_panda"), "put the bowl on the plate"), maxSteps: 150)
    #expect(!events.contains { $0.kind == .grasp })
}

@Test func aWrongFrequencyChangesTheStepSize() async throws {
    // The prompt says 5 Hz, the controller runs 20 Hz: the expert plans four times the
    // distance per step, so the same task takes far fewer control steps.
    let right = try await expertEpisode("libero_goal", task: 0)
    let slowClaim = try await expertEpisode("libero_goal", task: 0, prompt: pandaPrompt { $0.replacingOccurrences(of: "20 Hz", with: "5 Hz") })
    #expect(right.success)
    #expect(slowClaim.steps < right.steps * 3 / 4, "\(slowClaim.steps) vs \(right.steps)")
}

@Test func aWrongFrameSendsTheArmTheWrongWay() async throws {
    let r = try await expertEpisode("libero_goal", task: 0, prompt: pandaPrompt { $0.replacingOccurrences(of: "robot base frame", with: "tool frame") }, maxSteps: 150)
    #expect(!r.success)
}

@Test func centimetresAreClippedHundredfoldSteps() async throws {
    let prompt = pandaPrompt { $0.replacingOccurrences(of: "in metres", with: "in centimetres") }
    let events = try await expertEvents("libero_goal", task: 0, prompt: prompt(try robot("franka_panda"), "put the bowl on the plate"), maxSteps: 40)
    #expect(events.filter { $0.kind == .clipped && $0.message.contains("translation") }.count > 10)
    let r = try await expertEpisode("libero_goal", task: 0, prompt: prompt, maxSteps: 150)
    #expect(!r.success)
}

@Test func aWrongModeMakesTheArmDive() async throws {
    let r = try await expertEpisode("libero_goal", task: 0, prompt: pandaPrompt { $0.replacingOccurrences(of: "end-effector position deltas", with: "absolute end-effector positions") }, maxSteps: 120)
    #expect(!r.success)
}

@Test func aWrongJointCountIsRefusedAndTheArmStaysPut() async throws {
    let so = try robot("so101")
    let prompt = EmbodimentPrompt.generate(so, instruction: "x").replacingOccurrences(of: "five joints", with: "six joints")
    let claim = PromptParser.parse(prompt, robot: so).claimed
    #expect(claim.layout(armNames: so.arms.map(\.name)).count == 7)
    // The expert's 7-number actions meet a 6-channel controller: refused, nothing moves.
    let scene = SceneModel(name: "empty", family: .trajectory, robotName: so.name, robotStart: Pose2D(), robotHeight: 0, fixtures: [], objects: [],
                           regions: [], map: nil, tasks: [TaskSpec(instruction: "trace", goalText: "true", goal: .always, maxSteps: 5,
                                                                   referencePath: [Vec3(0.2, 0, 0.15), Vec3(0.2, 0.05, 0.15)], pathSubject: .endEffector, successADE: 0.01)],
                           randomization: Randomization(), successDistance: 1, source: "test")
    let (model, state) = WorldModel.make(scene: scene, robot: so, seed: 0)
    var steps = 0
    let summary = await EpisodeRunner(EpisodeSetup(model: model, initial: state, taskIndex: 0, embodimentPrompt: prompt, maxSteps: 5))
        .run(policy: ExpertPolicy(), onStep: { _ in steps += 1 })
    // The one refusal rule: the whole chunk is refused before any step.
    #expect(steps == 0 && summary.steps == 0)
    #expect(summary.reason.contains("policy error: bad chunk: action 0") && summary.reason.contains("expected 6 numbers"), "\(summary.reason)")
    #expect(summary.final.q == model.prepared(state, for: scene.tasks[0]).q)
}
