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
        Examples:
          vlaplay eval --family manipulation --episodes 10
          vlaplay eval --scene libero_goal --scene libero_long --policy hold --jobs 2 --json
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
    @Flag(help: "Print JSON: families → success_rate and metrics, plus per-task rows.") var json = false

    @OptionGroup(title: "Remote policies") var remote: RemoteFlags

    func validate() throws {
        if sceneNames.isEmpty && family == nil { throw ValidationError("choose scenes with --scene NAME (repeatable) or --family F") }
        if let family, SceneFamily(rawValue: family) == nil {
            throw ValidationError("--family: expected one of \(SceneFamily.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard (1...10_000).contains(episodes) else { throw ValidationError("--episodes: expected 1 to 10000") }
        guard (1...64).contains(jobs) else { throw ValidationError("--jobs: expected 1 to 64") }
    }

    struct Job: Sendable { var scene: SceneModel; var robot: RobotModel; var task: Int; var seed: UInt64 }
    struct Outcome: Sendable { var scene: String; var family: SceneFamily; var task: Int; var success: Bool; var metrics: [String: Double]; var refusal: String?
                          var policyError: String? }
    struct TaskRow: Encodable {
        var scene: String; var family: String; var task: Int; var instruction: String; var episodes: Int; var success_rate: Double; var metrics: [String: Double]
        var refused: String?
        /// Episodes of this task whose policy failed (threw or sent a refused chunk), and the first reason.
        var policy_errors: Int
        var policy_error: String?
    }
    struct FamilyRow: Encodable { var episodes: Int; var success_rate: Double; var metrics: [String: Double] }
    struct Output: Encodable {
        var policy: String; var seed: UInt64; var episodes_per_task: Int; var families: [String: FamilyRow]; var tasks: [TaskRow]; var seconds: Double
        /// Episodes whose policy failed; when it is every episode, eval exits 1.
        var policy_errors: Int
    }

    func run() async throws {
        try await reportingErrorsAsync {
            let (scenes, robots) = try options.sceneLibrary()
            var names = sceneNames
            var loaded: [(SceneModel, RobotModel)] = []
            if let family {
                for n in scenes.names() {
                    let (s, _) = try scenes.load(n, robots: robots)
                    if s.family.rawValue == family { loaded.append(try scenes.load(n, robots: robots, robot: robot)) }
                }
                if loaded.isEmpty { throw CLIError("no scene of family \(family) in \(scenes.directory)") }
                names = loaded.map { $0.0.name }
            } else {
                loaded = try names.map { try scenes.load($0, robots: robots, robot: robot) }
            }
            let remoteOptions = remote.options
            func cameraNames(_ s: SceneModel, _ r: RobotModel) -> [String] { WorldModel.make(scene: s, robot: r, seed: 0).0.cameras.map(\.name) }
            var jobsList: [Job] = []
            for (s, r) in loaded {
                _ = try PolicyFactory.make(policy, robot: r, cameras: cameraNames(s, r), remote: remoteOptions)   // fail early on a bad --policy
                for t in s.tasks.indices { for e in 0..<episodes { jobsList.append(Job(scene: s, robot: r, task: t, seed: seed + UInt64(e))) } }
            }
            let started = Date()
            let progress = Progress(total: jobsList.count, enabled: isatty(2) == 1 && !json)
            var outcomes: [Outcome] = []
            let policySpec = policy, replanEvery = replan
            try await withThrowingTaskGroup(of: Outcome.self) { group in
                var next = 0
                func launch() throws {
                    let job = jobsList[next]
                    next += 1
                    let p = try PolicyFactory.make(policySpec, robot: job.robot, cameras: cameraNames(job.scene, job.robot), remote: remoteOptions)
                    group.addTask {
                        let (model, state) = WorldModel.make(scene: job.scene, robot: job.robot, seed: job.seed)
                        let summary = await EpisodeRunner(EpisodeSetup(model: model, initial: state, taskIndex: job.task, replan: replanEvery)).run(policy: p)
                        return Outcome(scene: job.scene.name, family: job.scene.family, task: job.task, success: summary.success, metrics: summary.metrics,
                                       refusal: summary.refused ? summary.reason : nil, policyError: summary.policyError)
                    }
                }
                while next < min(jobs, jobsList.count) { try launch() }
                while let o = try await group.next() {
                    outcomes.append(o)
                    progress.advance()
                    if next < jobsList.count { try launch() }
                }
            }
            progress.finish()
            // Per task, in scene and task order.
            var rows: [TaskRow] = []
            for (s, _) in loaded {
                for (t, spec) in s.tasks.enumerated() {
                    let mine = outcomes.filter { $0.scene == s.name && $0.task == t }
                    rows.append(TaskRow(scene: s.name, family: s.family.rawValue, task: t, instruction: spec.instruction, episodes: mine.count,
                                        success_rate: rate(mine), metrics: means(mine), refused: mine.compactMap(\.refusal).first,
                                        policy_errors: mine.filter { $0.policyError != nil }.count, policy_error: mine.compactMap(\.policyError).first))
                }
            }
            var families: [String: FamilyRow] = [:]
            for f in SceneFamily.allCases {
                let mine = outcomes.filter { $0.family == f }
                if !mine.isEmpty { families[f.rawValue] = FamilyRow(episodes: mine.count, success_rate: rate(mine), metrics: means(mine)) }
            }
            let seconds = Date().timeIntervalSince(started)
            let failures = outcomes.filter { $0.policyError != nil }
            // Every episode lost to the policy's errors is not a 0 % result: say so and exit 1.
            let allFailed = !outcomes.isEmpty && failures.count == outcomes.count
            if json {
                try printJSON(Output(policy: policy, seed: seed, episodes_per_task: episodes, families: families, tasks: rows, seconds: seconds,
                                     policy_errors: failures.count))
                if allFailed { throw ExitCode(1) }
                return
            }
            print(table(["SCENE", "TASK", "SUCCESS", "METRICS", "INSTRUCTION (or why it was refused)"], rows.map {
                [$0.scene, "\($0.task)", String(format: "%3.0f%%", 100 * $0.success_rate),
                 $0.metrics.filter { $0.key != "success" }.sorted { $0.key < $1.key }.map { "\($0.key) \(fmt($0.value, 2))" }.joined(separator: " "),
                 $0.refused.map { String($0.prefix(90)) } ?? String($0.instruction.prefix(60))]
            }))
            print("")
            print(table(["FAMILY", "EPISODES", "SUCCESS", "METRICS"], families.sorted { $0.key < $1.key }.map {
                [$0.key, "\($0.value.episodes)", String(format: "%3.1f%%", 100 * $0.value.success_rate),
                 $0.value.metrics.filter { $0.key != "success" }.sorted { $0.key < $1.key }.map { "\($0.key) \(fmt($0.value, 3))" }.joined(separator: " ")]
            }))
            print(String(format: "\n%d episodes in %.1f s (policy %@, seeds %llu...%llu%@)", outcomes.count, seconds, policy, seed, seed + UInt64(episodes - 1), robot.map { ", robot \($0)" } ?? ""))
            if let first = failures.first?.policyError {
                print("\(failures.count) of \(outcomes.count) episodes ended in a policy error; the first: \(first)")
            }
            if allFailed { throw CLIError("every episode ended in a policy error, so there is no result; the first: \(failures[0].policyError ?? "")") }
            _ = names
        }
    }

    func rate(_ o: [Outcome]) -> Double { o.isEmpty ? 0 : Double(o.filter(\.success).count) / Double(o.count) }

    func means(_ o: [Outcome]) -> [String: Double] {
        var sums: [String: Double] = [:]
        for x in o { for (k, v) in x.metrics where v.isFinite { sums[k, default: 0] += v } }
        return sums.mapValues { $0 / Double(max(1, o.count)) }
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
