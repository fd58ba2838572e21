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
    // "six joints" is the only statement of the length here: a listed 6-D layout would be the prompt's word instead.
    let prompt = withoutLayoutSentence(EmbodimentPrompt.generate(so, instruction: "x")).replacingOccurrences(of: "five joints", with: "six joints")
    let claim = PromptParser.parse(prompt, robot: so).claimed
    #expect(claim.layout(armNames: so.arms.map(\.name)).count == 7)
    // The expert's 7-number actions meet a 6-channel controller: refused, nothing moves.
    // A short path from the arm's home tool point, which it can follow.
    let home = so.arms[0].chain.pose(so.home).translation
    let scene = SceneModel(name: "empty", family: .trajectory, robotName: so.name, robotStart: Pose2D(), robotHeight: 0, fixtures: [], objects: [],
                           regions: [], map: nil, tasks: [TaskSpec(instruction: "trace", goalText: "true", goal: .always, maxSteps: 5,
                                                                   referencePath: [home, home + Vec3(0, 0.02, 0)], pathSubject: .endEffector, successADE: 0.01)],
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

/// A generated prompt without its "Each action is a N-D vector [...]." sentence.
func withoutLayoutSentence(_ prompt: String) -> String {
    prompt.replacing(#/Each action is an? \d+-D vector \[[^\]]*\]\. /#, with: "")
}

/// The case: a prompt that claims six numbers without a gripper. The expert
/// sends six, as a real model following the prompt would, and the controller
/// refuses every chunk; the stated layout, not the card, decides what is sent.
@Test func aSixNumberLayoutIsRefusedAsARealModelsWouldBe() async throws {
    let six = pandaPrompt { $0.replacingOccurrences(of: "a 7-D vector [x, y, z, rx, ry, rz, gripper]", with: "a 6-D vector [x, y, z, rx, ry, rz]") }
    let r = try await expertEpisode("libero_goal", task: 0, prompt: six, maxSteps: 50)
    #expect(!r.success && r.steps == 0)
    #expect(r.reason.contains("bad chunk: action 0") && r.reason.contains("expected 7 numbers") && r.reason.contains("got 6"), "\(r.reason)")
    let padded = pandaPrompt { $0.replacingOccurrences(of: "a 7-D vector [x, y, z, rx, ry, rz, gripper]", with: "an 8-D vector [x, y, z, rx, ry, rz, gripper, pad]") }
    let p = try await expertEpisode("libero_goal", task: 0, prompt: padded, maxSteps: 50)
    #expect(p.steps == 0 && p.reason.contains("got 8"), "\(p.reason)")
}

/// "The last value is the gripper" is index 6 of a 7-D action: a correct prompt, and the expert succeeds with it.
@Test func theLastValueIsTheClaimedVectorsLastIndex() async throws {
    let last = pandaPrompt { $0.replacingOccurrences(of: "The gripper is index 6:", with: "The last action value is the gripper command:") }
    let panda = try robot("franka_panda")
    #expect(!PromptLinter.lint(last(panda, "x"), robot: panda).hasErrors)
    let r = try await expertEpisode("libero_goal", task: 0, prompt: last)
    #expect(r.success, "\(r.reason)")
}

/// A listed order is what the expert sends: rotation first moves nothing where the card reads x, y, z.
@Test func aReorderedLayoutIsSentInItsOrder() throws {
    let panda = try robot("franka_panda")
    let prompt = EmbodimentPrompt.generate(panda, instruction: "x").replacingOccurrences(of: "[x, y, z, rx, ry, rz, gripper]", with: "[rx, ry, rz, x, y, z, gripper]")
    let claim = PromptParser.parse(prompt, robot: panda).claimed
    let command = ActionCommand(arms: [ActionCommand.Arm(motion: .endEffector(translation: Vec3(0.01, 0.02, 0.03), rotation: nil), gripperOpening: 0)], base: nil)
    #expect(ActionCodec.encode(command, claim.actionConvention(for: panda)) == [0, 0, 0, 0.01, 0.02, 0.03, 1])
}
