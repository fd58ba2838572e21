import Episode
import ArgumentParser
import Assets
import Foundation
import Policy
import Remote
import World

struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Run many episodes: success rates per task and per family, navigation and trajectory metrics.",
        discussion: """
        Each task runs --episodes times with seeds --seed, --seed+1, ...

        --shard I/N runs one slice of those episodes (numbered by scene, task, then seed; shard I takes those whose number k has k mod N = I), and `vlaplay merge` turns the slices' --json results into exactly the report of one unsharded run. --policy ws://a:8000,ws://b:8000 spreads the episodes over a pool of servers; one that drops leaves the rotation and its episodes run again on another. See docs/SCALE.md.

        Examples:
          vlaplay eval --family manipulation --episodes 10
          vlaplay eval --scene libero_goal --scene libero_long --policy hold --jobs 2 --json
          vlaplay eval --family navigation --episodes 50 --shard 3/8 --json > part3.json
          vlaplay eval --family manipulation --policy ws://gpu1:8000,ws://gpu2:8000 --jobs 8
        """)

    @OptionGroup var options: SceneOptions
    @Option(name: .customLong("scene"), help: "A scene to evaluate (repeatable).") var sceneNames: [String] = []
    @Option(help: "Evaluate every scene of this family: manipulation, bimanual, navigation, mobile_manipulation, trajectory.") var family: String?
    @Option(help: "Run the scenes with another compatible robot (placed to face the scene's objects; see docs/ROBOT_SWAPS.md).") var robot: String?
    @Option(help: ArgumentHelp("The policy: \(PolicyFactory.help).")) var policy = "expert"
    @Option(help: "Episodes per task.") var episodes = 5
    @Option(parsing: .unconditional, help: "First seed.", transform: seedArgument) var seed: UInt64 = 0
    @Option(help: "Episodes run in parallel.") var jobs = 1
    @Option(help: "Request a new chunk every N actions.") var replan: Int?
    @Flag(help: "Print JSON: families → success_rate and metrics, per-task rows and per-episode results (no timing: it goes to stderr).") var json = false
    @Option(help: ArgumentHelp("Run one slice of the episodes: \(Shard.syntaxHelp). `vlaplay merge` combines the slices' --json results (docs/SCALE.md).", valueName: "I/N"))
    var shard: String?

    @OptionGroup(title: "Remote policies") var remote: RemoteFlags

    func validate() throws {
        if sceneNames.isEmpty && family == nil { throw ValidationError("choose scenes with --scene NAME (repeatable) or --family F") }
        if let family, SceneFamily(rawValue: family) == nil {
            throw ValidationError("--family: expected one of \(SceneFamily.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard (1...10_000).contains(episodes) else { throw ValidationError("--episodes: expected 1 to 10000") }
        guard (1...64).contains(jobs) else { throw ValidationError("--jobs: expected 1 to 64") }
        _ = try parsedShard()
    }

    func parsedShard() throws -> Shard { try shardOption(shard) }

    /// Episode number `index` of the batch (scene, then task, then seed).
    struct Job: Sendable { var index: Int; var scene: SceneModel; var robot: RobotModel; var task: Int; var seed: UInt64 }

    func run() async throws {
        try await reportingErrorsAsync {
            let (scenes, robots) = try options.sceneLibrary()
            var loaded: [(SceneModel, RobotModel)] = []
            if let family {
                for n in scenes.names() {
                    let (s, _) = try scenes.load(n, robots: robots)
                    if s.family.rawValue == family { loaded.append(try scenes.load(n, robots: robots, robot: robot)) }
                }
                if loaded.isEmpty { throw CLIError("no scene of family \(family) in \(scenes.directory)") }
            } else {
                loaded = try sceneNames.map { try scenes.load($0, robots: robots, robot: robot) }
            }
            let remoteOptions = remote.options
            let slice = try parsedShard()
            let pool: PolicyPool?
            do { pool = PolicyPool.isPool(policy) ? try PolicyPool(policy) : nil } catch { throw CLIError("\(error)") }
            func cameraNames(_ s: SceneModel, _ r: RobotModel) -> [String] { WorldModel.make(scene: s, robot: r, seed: 0).0.cameras.map(\.name) }
            var catalogue: [EvalReport.TaskKey] = []
            var jobsList: [Job] = []
            for (s, r) in loaded {
                _ = try PolicyFactory.make(pool?.endpoints[0] ?? policy, robot: r, cameras: cameraNames(s, r), remote: remoteOptions)   // fail early on a bad --policy
                for (t, spec) in s.tasks.enumerated() {
                    catalogue.append(EvalReport.TaskKey(scene: s.name, family: s.family.rawValue, task: t, instruction: spec.instruction))
                    for e in 0..<episodes {
                        let index = (catalogue.count - 1) * episodes + e
                        if slice.contains(index) { jobsList.append(Job(index: index, scene: s, robot: r, task: t, seed: seed + UInt64(e))) }
                    }
                }
            }
            let started = Date()
            let progress = Progress(total: jobsList.count, enabled: isatty(2) == 1 && !json)
            var results: [EvalReport.EpisodeRow] = []
            var served = PoolTally(servers: pool?.endpoints.count ?? 0)
            let policySpec = policy, replanEvery = replan
            try await withThrowingTaskGroup(of: (EvalReport.EpisodeRow, PoolTally).self) { group in
                var next = 0
                func launch() {
                    let job = jobsList[next]
                    next += 1
                    group.addTask {
                        let cameras = cameraNames(job.scene, job.robot)
                        var tally = PoolTally(servers: pool?.endpoints.count ?? 0)
                        while true {
                            let p: any Policy
                            var lease: PooledPolicy?
                            if let pool {
                                guard let l = try pool.lease(robot: job.robot, cameras: cameras, options: remoteOptions) else {
                                    throw CLIError("every policy server in the pool dropped:\n" + zip(pool.endpoints, pool.dropped)
                                        .map { "  \($0): \($1 ?? "up")" }.joined(separator: "\n"))
                                }
                                lease = l
                                p = l
                            } else {
                                p = try PolicyFactory.make(policySpec, robot: job.robot, cameras: cameras, remote: remoteOptions)
                            }
                            let (model, state) = WorldModel.make(scene: job.scene, robot: job.robot, seed: job.seed)
                            let summary = await EpisodeRunner(EpisodeSetup(model: model, initial: state, taskIndex: job.task, replan: replanEvery)).run(policy: p)
                            if let lease {
                                tally.add(summary.remote, server: lease.server, finished: lease.lost == nil)
                                if lease.lost != nil { continue }   // its server dropped: again, from the start, on another
                            }
                            let row = EvalReport.EpisodeRow(index: job.index, scene: job.scene.name, task: job.task, seed: job.seed, success: summary.success, steps: summary.steps,
                                                            metrics: summary.metrics.filter { $0.value.isFinite }, refused: summary.refused ? summary.reason : nil,
                                                            policy_error: summary.policyError)
                            return (row, tally)
                        }
                    }
                }
                while next < min(jobs, jobsList.count) { launch() }
                while let (row, tally) = try await group.next() {
                    results.append(row)
                    served.merge(tally)
                    progress.advance()
                    if next < jobsList.count { launch() }
                }
            }
            progress.finish()
            let seconds = Date().timeIntervalSince(started)
            let report = EvalReport.make(policy: policy, seed: seed, episodesPerTask: episodes, catalogue: catalogue, episodes: results,
                                         shard: shard == nil ? nil : slice.description, servers: pool.map { served.rows($0) })
            let timing = String(format: "%d episodes in %.1f s (policy %@, seeds %llu...%llu%@%@)", results.count, seconds, policy, seed,
                                seed + UInt64(episodes - 1), robot.map { ", robot \($0)" } ?? "", shard.map { ", shard \($0)" } ?? "")
            // Every episode lost to the policy's errors is not a 0 % result: say so and exit 1.
            let failures = results.sorted { $0.index < $1.index }.compactMap(\.policy_error)
            let allFailed = !results.isEmpty && failures.count == results.count
            if json {
                try printJSON(report)
                FileHandle.standardError.write(Data((timing + "\n").utf8))
                if !failures.isEmpty { throw ExitCode(1) }   // the results stand, but a policy that erred is not a clean run
                return
            }
            print(report.text)
            print("\n" + timing)
            if let first = failures.first {
                print("\(failures.count) of \(results.count) episodes ended in a policy error; the first: \(first)")
            }
            if allFailed { throw CLIError("every episode ended in a policy error, so there is no result; the first: \(failures[0])") }
            if !failures.isEmpty { throw ExitCode(1) }
        }
    }
}

/// A progress bar with ETA on stderr, drawn only when stderr is a terminal.
final class Progress: @unchecked Sendable {
    let total: Int
    let enabled: Bool
    var done = 0
    let start = Date()

    init(total: Int, enabled: Bool) { self.total = total; self.enabled = enabled }

    func advance() {
        done += 1
        guard enabled else { return }
        let elapsed = Date().timeIntervalSince(start)
        let eta = done > 0 ? elapsed / Double(done) * Double(total - done) : 0
        let width = 30
        let filled = total > 0 ? width * done / total : width
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        FileHandle.standardError.write(Data(String(format: "\r[%@] %d/%d  ETA %.0fs ", bar, done, total, eta).utf8))
    }

    func finish() {
        if enabled { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
