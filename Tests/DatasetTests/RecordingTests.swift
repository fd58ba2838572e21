import Episode
import Foundation
import Policy
import TestSupport
import Testing
import World
@testable import Dataset

/// Recording from the Episode core: what the plan tries, what a recorded episode
/// holds, and how the builder lays episodes into files.
struct RecordingTests {
    func corpus() throws -> [CorpusEntry] {
        try InstructionCorpus.parse(String(contentsOfFile: repoRoot + "/Tests/Corpora/instructions.txt", encoding: .utf8))
    }

    @Test func paraphrasesAreTheCorpusLinesOfTheSameGoalAndSomeAreHeldOut() throws {
        let (scene, _) = try scenes.load("libero_spatial", robots: robots)
        let entries = try corpus()
        let matching = Paraphrases.matching(entries, scene: scene, task: 0)
        #expect(matching.count >= 5)
        #expect(matching.allSatisfy { $0.scene == "libero_spatial" && $0.expected == "on(black_bowl_1, plate)" })
        let kept = matching.filter { !Paraphrases.isHeldOut($0, every: 5) }
        #expect(kept.count < matching.count && kept.allSatisfy { $0.line % 5 != 0 })
        // Trajectory tasks match by path number.
        let (trajectory, _) = try scenes.load("trajectory", robots: robots)
        #expect(Paraphrases.matching(entries, scene: trajectory, task: 1).allSatisfy { $0.expected == "path(1)" })
    }

    @Test func thePlanIsAFunctionOfTheAttempt() throws {
        let spatial = try scenes.load("libero_spatial", robots: robots)
        let nav = try scenes.load("nav_apartment", robots: robots)
        let plan = RecordingPlan(scenes: [spatial, nav], seed: 7, variants: EmbodimentVariant.allCases, corpus: try corpus())
        let tasks = spatial.0.tasks.count + nav.0.tasks.count
        for k in 0..<40 {
            let a = plan.job(k), b = plan.job(k)
            #expect(a.seed == 7 + UInt64(k) && a.variant == b.variant && a.paraphrase == b.paraphrase)
            #expect(a.taskIndex == (k % tasks < spatial.0.tasks.count ? k % tasks : k % tasks - spatial.0.tasks.count))
            // Navigation's turtlebot has neither gripper nor end effector to change.
            if a.scene.name == "nav_apartment" { #expect([.card, .halfRate, .doubleRate].contains(a.variant)) }
        }
        let drawn = Set((0..<60).map { plan.job($0).variant })
        #expect(drawn == Set(EmbodimentVariant.allCases))
        #expect((0..<60).contains { plan.job($0).paraphrase != nil } && (0..<60).contains { plan.job($0).paraphrase == nil })
    }

    func job(_ variant: EmbodimentVariant, seed: UInt64 = 1) throws -> RecordingJob {
        let (scene, robot) = try scenes.load("libero_spatial", robots: robots)
        return RecordingJob(attempt: 0, scene: scene, robot: robot, taskIndex: 0, seed: seed, variant: variant, paraphrase: nil)
    }

    /// Noise injection: the executed motion is the recorded (clean) action plus noise,
    /// the expert is asked at every perturbed state, and it still traces the path.
    @Test func withActionNoiseTheCleanActionIsRecordedAndTheExpertCorrects() async throws {
        let (scene, robot) = try scenes.load("trajectory", robots: robots)
        let job = RecordingJob(attempt: 0, scene: scene, robot: robot, taskIndex: 1, seed: 3, variant: .card, paraphrase: nil)
        let quiet = await EpisodeRecorder.record(job, policy: ExpertPolicy(), settings: RecordingSettings(cameras: [], imageWidth: 8, imageHeight: 8))
        var settings = RecordingSettings(cameras: [], imageWidth: 8, imageHeight: 8)
        settings.actionNoise = 0.1
        let noisy = await EpisodeRecorder.record(job, policy: ExpertPolicy(), settings: settings)
        #expect(noisy.success, "\(noisy.reason)")
        let data = try #require(noisy.data)
        // observation.state: 7 joints, the gripper, then the tool position (base frame).
        let tool = data.states.map { Array($0[8..<11]) }
        var gaps: [Float] = []
        for k in 0..<(tool.count - 1) {
            for c in 0..<3 { gaps.append(abs(tool[k + 1][c] - tool[k][c] - data.actions[k][c])) }
        }
        let meanGap = gaps.reduce(0, +) / Float(gaps.count)
        // σ = 0.1 × 0.05 m = 5 mm: |noise| averages ~4 mm per axis; clean runs match to µm.
        #expect(meanGap > 0.002 && meanGap < 0.008, "mean |executed − recorded| = \(meanGap) m")
        #expect(data.states != quiet.data?.states, "the perturbed run visits other states")
    }

    @Test func aRecordedEpisodeIsTheRunnersEpisodeFrameByFrame() async throws {
        let job = try job(.card)
        let settings = RecordingSettings(cameras: ["agentview", "wrist"], imageWidth: 16, imageHeight: 12)
        let recorded = await EpisodeRecorder.record(job, policy: ExpertPolicy(), settings: settings)
        #expect(recorded.success, "\(recorded.reason)")
        let data = try #require(recorded.data)
        // The same episode driven by the runner alone: the same actions, one frame per step.
        let (model, initial) = WorldModel.make(scene: job.scene, robot: job.robot, seed: job.seed)
        let setup = EpisodeSetup(model: model, initial: initial, taskIndex: 0)
        var actions: [[Float]] = []
        var first: WorldState?
        let summary = await EpisodeRunner(setup).run(policy: ExpertPolicy(), onStep: { step in
            actions.append(step.action.map { Float($0) })
            if first == nil { first = step.result.state }
        })
        #expect(data.length == summary.steps && data.actions == actions)
        // Frame k is what was seen before step k: the first state is the episode's start.
        let start = ProprioState.recorded(Observation(model, setup.initial), robot: model.robot).map { Float($0) }
        #expect(data.states[0] == start)
        let second = ProprioState.recorded(Observation(model, try #require(first)), robot: model.robot).map { Float($0) }
        #expect(data.states[1] == second)
        #expect(data.images["agentview"]?.count == data.length && data.images["wrist"]?.count == data.length)
        #expect(data.images["wrist"]?.first.map { Array($0.prefix(4)) } == [0x89, 0x50, 0x4E, 0x47])
        #expect(data.embodimentPrompt == setup.embodimentPrompt && data.task == job.scene.tasks[0].instruction)
        #expect(recorded.fps == 20 && data.provenance.embodiment == "card" && data.provenance.instructionSource == "scene")
    }

    @Test func aFlippedGripperIsRecordedInItsOwnTrueConvention() async throws {
        let settings = RecordingSettings(cameras: [], imageWidth: 8, imageHeight: 8)
        let card = await EpisodeRecorder.record(try job(.card), policy: ExpertPolicy(), settings: settings)
        let flipped = await EpisodeRecorder.record(try job(.flippedGripper), policy: ExpertPolicy(), settings: settings)
        #expect(card.success && flipped.success)
        let a = try #require(card.data), b = try #require(flipped.data)
        // Same motion, the gripper channel (6) negated; the prompt says so.
        #expect(a.length == b.length)
        #expect(zip(a.actions, b.actions).allSatisfy { $0[6] == -$1[6] && Array($0[..<6]) == Array($1[..<6]) })
        #expect(b.embodimentPrompt.contains("1 opens it and -1 closes it"))
        // At half the rate each action moves about twice as far, and the dataset's fps halves.
        let slow = await EpisodeRecorder.record(try job(.halfRate), policy: ExpertPolicy(), settings: settings)
        #expect(slow.success && slow.fps == 10)
        let s = try #require(slow.data)
        func longest(_ d: EpisodeData) -> Float { d.actions.map { ($0[0] * $0[0] + $0[1] * $0[1] + $0[2] * $0[2]).squareRoot() }.max() ?? 0 }
        #expect(abs(longest(s) / longest(a) - 2) < 0.2, "\(longest(s)) vs \(longest(a))")
        #expect(s.length < a.length)
    }

    func smallEpisode(_ n: Int, task: String = "t") -> EpisodeData {
        let image = PNGBytes.gray
        return EpisodeData(task: task, embodimentPrompt: "p", states: Array(repeating: [0, 1], count: n), actions: (0..<n).map { [Float($0)] },
                           images: ["cam": Array(repeating: image, count: n)],
                           imageStats: ["cam": FeatureStats.of(images: [RGBImage(width: 2, height: 2)])],
                           provenance: EpisodeProvenance(scene: "s", sceneTask: 0, seed: 0, embodiment: "card", controlFrequencyHz: 10,
                                                         actionLayout: ["a"], success: true, reason: "", instructionSource: "scene"))
    }

    let features = DatasetFeatures(robotType: "r", fps: 10, actionNames: ["a"], stateNames: ["s0", "s1"], cameras: ["cam"], imageWidth: 2, imageHeight: 2)

    @Test func episodesAreRowGroupsAndAFullFileStartsTheNext() throws {
        var builder = LeRobotDatasetBuilder(features: features)
        let first = try builder.add(smallEpisode(3))
        #expect(first.map(\.path) == ["data/chunk-000/file-000.parquet", "data/chunk-000/file-000.parquet"])
        #expect(first[0].mode == .create && first[0].bytes == Array("PAR1".utf8) && first[1].mode == .append)
        builder.dataFileLimit = 1   // full already: the next episode opens file-001
        let second = try builder.add(smallEpisode(2, task: "u"))
        #expect(second.map(\.path) == ["data/chunk-000/file-000.parquet", "data/chunk-000/file-001.parquet", "data/chunk-000/file-001.parquet"])
        #expect(Array(second[0].bytes.suffix(4)) == Array("PAR1".utf8))   // the first file's footer
        #expect(builder.totalFrames == 5 && builder.totalEpisodes == 2 && builder.tasks == ["t", "u"])
        let rest = try builder.finish()
        #expect(rest.map(\.path) == ["data/chunk-000/file-001.parquet", "meta/tasks.parquet", "meta/episodes/chunk-000/file-000.parquet",
                                     "meta/stats.json", "meta/info.json"])
        guard case .object(let info) = builder.infoJSON else { Issue.record("info is an object"); return }
        #expect(info["total_frames"] == .number(5) && info["total_episodes"] == .number(2) && info["codebase_version"] == .string("v3.0"))
        #expect(info["video_path"] == .null && info["fps"] == .number(10))
        // The index statistics span the whole dataset.
        guard case .object(let stats) = builder.statsJSON, case .object(let index)? = stats["index"] else { Issue.record("no index stats"); return }
        #expect(index["min"] == .numbers([0]) && index["max"] == .numbers([4]) && index["count"] == .numbers([5]))
    }

    @Test func anEpisodeOfTheWrongShapeIsRefused() {
        var builder = LeRobotDatasetBuilder(features: features)
        var bad = smallEpisode(2)
        bad.actions = [[1, 2], [3, 4]]
        #expect(throws: DatasetError.self) { _ = try builder.add(bad) }
        var noImages = smallEpisode(2)
        noImages.images = [:]
        #expect(throws: DatasetError.self) { _ = try builder.add(noImages) }
        #expect(throws: DatasetError.self) { _ = try builder.add(smallEpisode(0)) }
    }
}

enum PNGBytes {
    static let gray: [UInt8] = [0x89, 0x50, 0x4E, 0x47]
}
