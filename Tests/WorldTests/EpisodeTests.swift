import Episode
import Foundation
import Policy
import Spatial
import Testing
import World

@Test func sameSeedGivesByteIdenticalLogsAndOtherSeedsDiffer() async throws {
    let (scene, robot) = try loadScene(tabletopScene)
    func log(seed: UInt64) async throws -> Data {
        let (model, state) = WorldModel.make(scene: scene, robot: robot, seed: seed)
        let lines = LogLines()
        _ = await EpisodeRunner(EpisodeSetup(model: model, initial: state, taskIndex: 0, maxSteps: 30)).run(policy: HoldPolicy(robot: robot), log: lines.add)
        return Data(lines.text.utf8)
    }
    let a = try await log(seed: 3), b = try await log(seed: 3), c = try await log(seed: 4)
    #expect(a == b)
    #expect(a != c)   // jitter moved the objects
    let lines = String(decoding: a, as: UTF8.self).split(separator: "\n")
    #expect(lines.count == 32)   // header, 30 steps, footer
    #expect(lines.first!.contains("\"type\":\"header\"") && lines.last!.contains("\"type\":\"footer\""))
}

@Test func aSuccessfulEpisodeReplayedFromItsLogSucceedsAgain() async throws {
    let (scene, robot) = try loadScene(tabletopScene)
    let (model, state) = WorldModel.make(scene: scene, robot: robot, seed: 1)
    let bowl = state.objects[model.objectIndex("blue_bowl")!].pose.translation
    let setup = EpisodeSetup(model: model, initial: state, taskIndex: 0)
    let lines = LogLines()
    let first = await EpisodeRunner(setup).run(policy: ScriptedPickPlace(model: model, object: "red_cube", destination: bowl), log: lines.add)
    #expect(first.success, "scripted run: \(first.reason)")
    let replay = try ReplayPolicy.parse(lines.text, path: "scripted.jsonl", chunk: robot.control.chunk)
    #expect(replay.actions.count == first.steps)
    let second = await EpisodeRunner(setup).run(policy: replay)
    #expect(second.success, "replay: \(second.reason)")
    #expect(second.steps == first.steps)
    #expect(second.final == first.final)
}

/// A policy that misbehaves in every way a remote model can.
struct BrokenPolicy: Policy {
    let name = "broken"
    let mode: Int
    func act(_ request: PolicyRequest) async throws -> ActionChunk {
        switch mode {
        case 0: return ActionChunk(actions: [[0, 0, .nan, 0, 0, 0, -1], [0, 0, 0]])
        case 1: throw PolicyError("connection refused")
        default: return ActionChunk(actions: [])
        }
    }
}

@Test func brokenPoliciesEndOrRefuseWithReasonsAndTheWorldStaysIntact() async throws {
    let (scene, robot) = try loadScene(tabletopScene)
    let (model, state) = WorldModel.make(scene: scene, robot: robot, seed: 0)
    // The one refusal rule: a chunk with a bad action is refused whole, before any step.
    let lines = LogLines()
    let bad = await EpisodeRunner(EpisodeSetup(model: model, initial: state, taskIndex: 0, maxSteps: 4)).run(policy: BrokenPolicy(mode: 0), log: lines.add)
    #expect(bad.final == state && bad.steps == 0)
    #expect(bad.reason == "policy error: bad chunk: action 0 of 2: channel 2 (z) is nan; actions must be finite; nothing of it was executed")
    #expect(lines.values.count == 2)   // header and footer: no step was taken
    #expect(lines.text.contains("\"reason\":\"policy error: bad chunk: action 0 of 2"))
    let thrown = await EpisodeRunner(EpisodeSetup(model: model, initial: state, taskIndex: 0)).run(policy: BrokenPolicy(mode: 1))
    #expect(thrown.reason == "policy error: connection refused" && thrown.final == state)
    // Both are the policy's failures, which `run` and `eval` turn into a non-zero exit (issue 15).
    #expect(bad.policyError == bad.reason && thrown.policyError == thrown.reason)
    let empty = await EpisodeRunner(EpisodeSetup(model: model, initial: state, taskIndex: 0)).run(policy: BrokenPolicy(mode: 2))
    #expect(empty.reason == "the policy returned no actions")
}

@Test func navigationEpisodesScoreWithR2RMetrics() async throws {
    let (scene, robot) = try loadScene(corridor)
    let (model, state) = WorldModel.make(scene: scene, robot: robot, seed: 0)
    let task = scene.tasks[0]
    #expect(task.referencePath.count >= 2)
    // Follow the reference path with waypoints, then stop.
    struct Follower: Policy {
        let name = "follower"
        let path: [Vec3]
        func act(_ request: PolicyRequest) async throws -> ActionChunk {
            let b = request.observation.base
            guard let next = path.first(where: { hypot($0.x - b.x, $0.y - b.y) > 0.05 && $0.x > b.x - 0.01 }) else {
                return ActionChunk(actions: [[0, 0, 0]])
            }
            let local = b.inverse * Pose2D(x: next.x, y: next.y, yaw: b.yaw)
            let d = min(0.12, hypot(local.x, local.y))
            let heading = atan2(local.y, local.x)
            return ActionChunk(actions: [[d * cos(heading), d * sin(heading), heading]])
        }
    }
    let summary = await EpisodeRunner(EpisodeSetup(model: model, initial: state, taskIndex: 0)).run(policy: Follower(path: task.referencePath))
    #expect(summary.success, "\(summary.reason) \(summary.metrics)")
    #expect(summary.metrics["sr"] == 1 && summary.metrics["osr"] == 1)
    #expect((summary.metrics["spl"] ?? 0) > 0.8 && (summary.metrics["ne"] ?? 9) <= 0.6)
    // Holding still is an immediate stop far from the goal.
    let hold = await EpisodeRunner(EpisodeSetup(model: model, initial: state, taskIndex: 0)).run(policy: HoldPolicy(robot: robot))
    #expect(!hold.success && hold.steps == 1 && hold.metrics["sr"] == 0 && hold.metrics["tl"] == 0)
}

/// A log sink that keeps the lines in memory (the runner hands lines to a sink; only the CLI writes files).
final class LogLines: @unchecked Sendable {
    private(set) var values: [JSONValue] = []
    func add(_ line: JSONValue) { values.append(line) }
    var text: String { values.map { $0.text + "\n" }.joined() }
}

/// A chunk whose second action is too short and whose third is a discrete-free
/// but valid action: the whole chunk is refused, as in the TUI.
@Test func aChunkWithOneBadActionIsRefusedWholeLikeTheTUIDoes() async throws {
    let (scene, robot) = try loadScene(tabletopScene)
    let (model, state) = WorldModel.make(scene: scene, robot: robot, seed: 0)
    struct ShortSecond: Policy {
        let name = "short-second"
        func act(_ request: PolicyRequest) async throws -> ActionChunk {
            ActionChunk(actions: [[0, 0, 0.01, 0, 0, 0, -1], [0, 0, 0], [0, 0, 0.01, 0, 0, 0, -1]])
        }
    }
    let summary = await EpisodeRunner(EpisodeSetup(model: model, initial: state, taskIndex: 0, maxSteps: 10)).run(policy: ShortSecond())
    #expect(summary.steps == 0 && summary.final == state)
    #expect(summary.reason.hasPrefix("policy error: bad chunk: action 1 of 3: expected 7 numbers"), "\(summary.reason)")
    #expect(EpisodeRules.refusal(of: [[0, 0, 0.01, 0, 0, 0, -1]], model: model) == nil)
}
