import ArgumentParser
import Assets
import Episode
import Dataset
import Foundation
import Policy
import World

/// `vlaplay read`: how an instruction is understood in a scene, without running it.
struct ReadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read",
        abstract: "Show how an instruction is read in a scene: steps, the goal it is judged by, grounding, typos, or why it is refused.",
        discussion: """
        Examples:
          vlaplay read --scene libero_spatial "could you put the bowl that's on the cookie box onto the plate, please"
          vlaplay read --scene libero_goal "put the bwol on the stove"
          vlaplay read --scene nav_apartment "head past the couch and stop by the fridge" --json
        The grammar is documented in docs/INSTRUCTIONS.md. Exit status 1 when the instruction is refused.
        """)

    @OptionGroup var options: SceneOptions
    @Option(help: "The scene (see `vlaplay scenes`).") var scene: String
    @Option(help: "Read it for another compatible robot.") var robot: String?
    @Option(parsing: .unconditional, help: "Seed of the scene's randomisation.", transform: seedArgument) var seed: UInt64 = 0
    @Argument(help: "The instruction, in quotes.") var instruction: String
    @Flag(help: "Print JSON.") var json = false

    struct Output: Encodable {
        var instruction: String, normalized: String, corrections: [String], steps: [String]
        var goal: String?, grounding: [String], refused: String?
    }

    func run() throws {
        try reportingErrors {
            let (scenes, robots) = try options.sceneLibrary()
            let (sceneModel, robotModel) = try scenes.load(scene, robots: robots, robot: robot)
            let (model, state) = WorldModel.make(scene: sceneModel, robot: robotModel, seed: seed)
            let r = InstructionReader.read(instruction, model: model, state: state)
            let out = Output(instruction: instruction, normalized: r.normalized.text, corrections: r.normalized.corrections.map(\.description),
                             steps: r.subtasks.map { "\($0)" }, goal: r.goal?.description, grounding: r.groundings.map(\.description), refused: r.refusal)
            if json {
                try printJSON(out)
            } else {
                print("read as:   \(out.normalized)")
                if !out.corrections.isEmpty { print("typos:     \(out.corrections.joined(separator: ", "))") }
                for g in out.grounding { print("grounding: \(g)") }
                if let refusal = r.refusal { print("REFUSED:   \(refusal)") } else { print("goal:      \(out.goal ?? "none")") }
            }
            if r.refusal != nil { throw ExitCode(1) }
        }
    }
}

/// `vlaplay corpus`: the instruction corpora run headless with a policy, per family.
struct CorpusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "corpus",
        abstract: "Run an instruction corpus: does each instruction read to its expected goal, and does the policy reach it?",
        discussion: """
        A corpus file has sections [scene] and lines `INSTRUCTION => EXPECTED` (see Tests/Corpora/).
        Lines of the refusal corpus expect a refusal kind instead of a goal.
        Examples:
          vlaplay corpus Tests/Corpora/instructions.txt --episodes 2
          vlaplay corpus Tests/Corpora/refusals.txt --refusals
          vlaplay corpus Tests/Corpora/instructions.txt --scene nav_apartment --failures
        """)

    @OptionGroup var options: SceneOptions
    @Argument(help: "The corpus file.") var file: String
    @Flag(help: "The file is a refusal corpus: every line must be refused with its kind.") var refusals = false
    @Option(help: "Only this scene (repeatable).") var scene: [String] = []
    @Option(help: ArgumentHelp("The policy: \(PolicyFactory.help).")) var policy = "expert"
    @Option(help: "Episodes (seeds) per instruction; 0 only reads.") var episodes = 1
    @Option(parsing: .unconditional, help: "First seed.", transform: seedArgument) var seed: UInt64 = 0
    @Option(help: "Episodes run in parallel.") var jobs = 2
    @Flag(help: ArgumentHelp("Only the lines `vlaplay record` leaves out of datasets (every \(Paraphrases.defaultHoldoutEvery)th): instructions a model trained on them never read."))
    var heldOut = false
    @Flag(help: "List every line that failed.") var failures = false
    @Flag(help: "Print JSON.") var json = false

    struct Row: Encodable { var family: String; var lines: Int; var read_ok: Int; var episodes: Int; var successes: Int }
    struct Failure: Encodable { var scene: String; var line: Int; var instruction: String; var problem: String }
    struct Output: Encodable { var rows: [Row]; var failures: [Failure]; var seconds: Double }

    func run() async throws {
        try await reportingErrorsAsync {
            let entries: [CorpusEntry]
            do { entries = try InstructionCorpus.parse(try TextFiles.read(file)) } catch let e as InstructionCorpus.ParseError {
                throw CLIError("\(file):\(e.line): \(e.message)")
            }
            let (scenes, robots) = try options.sceneLibrary()
            var loaded: [String: (SceneModel, RobotModel)] = [:]
            for e in entries where loaded[e.scene] == nil && (scene.isEmpty || scene.contains(e.scene)) {
                loaded[e.scene] = try scenes.load(e.scene, robots: robots)
            }
            let chosen = entries.filter { loaded[$0.scene] != nil && (!heldOut || Paraphrases.isHeldOut($0, every: Paraphrases.defaultHoldoutEvery)) }
            let started = Date()
            var rows: [String: Row] = [:]
            var failed: [Failure] = []
            struct Job: Sendable { var entry: CorpusEntry; var scene: SceneModel; var robot: RobotModel; var seed: UInt64 }
            var jobsList: [Job] = []
            for e in chosen {
                let (s, r) = loaded[e.scene]!
                let family = s.family.rawValue
                rows[family, default: Row(family: family, lines: 0, read_ok: 0, episodes: 0, successes: 0)].lines += 1
                let (model, state) = WorldModel.make(scene: s, robot: r, seed: seed)
                let reading = InstructionReader.read(e.instruction, model: model, state: state)
                let problem = refusals ? InstructionCorpus.refusalMismatch(reading, expected: e.expected)
                                       : InstructionCorpus.mismatch(reading, expected: e.expected)
                if let problem { failed.append(Failure(scene: e.scene, line: e.line, instruction: e.instruction, problem: problem)); continue }
                rows[family]!.read_ok += 1
                if !refusals { for k in 0..<episodes { jobsList.append(Job(entry: e, scene: s, robot: r, seed: seed + UInt64(k))) } }
            }
            let progress = Progress(total: jobsList.count, enabled: isatty(2) == 1 && !json)
            let policySpec = policy
            try await withThrowingTaskGroup(of: (Job, EpisodeSummary).self) { group in
                var next = 0
                func launch() throws {
                    let job = jobsList[next]
                    next += 1
                    let p = try PolicyFactory.make(policySpec, robot: job.robot)
                    group.addTask {
                        let (model, state) = WorldModel.make(scene: job.scene, robot: job.robot, seed: job.seed)
                        let setup = EpisodeSetup(model: model, initial: state, taskIndex: 0, instruction: job.entry.instruction)
                        return (job, await EpisodeRunner(setup).run(policy: p))
                    }
                }
                while next < min(jobs, jobsList.count) { try launch() }
                while let (job, summary) = try await group.next() {
                    let family = job.scene.family.rawValue
                    rows[family]!.episodes += 1
                    if summary.success { rows[family]!.successes += 1 } else {
                        failed.append(Failure(scene: job.scene.name, line: job.entry.line, instruction: job.entry.instruction,
                                              problem: "seed \(job.seed): \(summary.reason)"))
                    }
                    progress.advance()
                    if next < jobsList.count { try launch() }
                }
            }
            progress.finish()
            let ordered = SceneFamily.allCases.compactMap { rows[$0.rawValue] }
            failed.sort { ($0.scene, $0.line) < ($1.scene, $1.line) }
            let seconds = Date().timeIntervalSince(started)
            if json { try printJSON(Output(rows: ordered, failures: failed, seconds: seconds)); return }
            func pct(_ a: Int, _ b: Int) -> String { b == 0 ? "-" : String(format: "%.1f%%", 100 * Double(a) / Double(b)) }
            var body = ordered.map { r in
                [r.family, "\(r.lines)", pct(r.read_ok, r.lines)] + (refusals ? [] : ["\(r.episodes)", pct(r.successes, r.episodes), pct(r.successes, r.lines * max(1, episodes))])
            }
            let total = ordered.reduce(Row(family: "all", lines: 0, read_ok: 0, episodes: 0, successes: 0)) {
                Row(family: "all", lines: $0.lines + $1.lines, read_ok: $0.read_ok + $1.read_ok, episodes: $0.episodes + $1.episodes, successes: $0.successes + $1.successes)
            }
            body.append([total.family, "\(total.lines)", pct(total.read_ok, total.lines)]
                        + (refusals ? [] : ["\(total.episodes)", pct(total.successes, total.episodes), pct(total.successes, total.lines * max(1, episodes))]))
            print(table(["FAMILY", "LINES", refusals ? "REFUSED AS EXPECTED" : "READ TO ITS GOAL"] + (refusals ? [] : ["EPISODES", "SUCCESS", "END TO END"]), body))
            if failures || failed.count <= 10 {
                for f in failed { print("\(f.scene):\(f.line): \(f.instruction)\n    \(f.problem)") }
            } else {
                print("\(failed.count) failures (--failures lists them)")
            }
            print(String(format: "%.1f s, policy %@, seeds %llu...", seconds, policy, seed))
        }
    }
}
