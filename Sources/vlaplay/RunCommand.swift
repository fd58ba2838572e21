import Episode
import ArgumentParser
import Assets
import Foundation
import Policy
import Remote
import World

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run one episode headless: a line per step and a summary.",
        discussion: """
        Examples:
          vlaplay run --scene libero_spatial --task 0 --policy hold --seed 3 --log a.jsonl
          vlaplay run --scene libero_spatial --policy replay:a.jsonl
          vlaplay run --scene libero_goal --robot ur5e --instruction "put the cube in the bowl"
          vlaplay run --scene libero_object --policy ws://127.0.0.1:8000     (after `make serve`)
        """)

    @OptionGroup var options: SceneOptions
    @Option(help: "The scene (see `vlaplay scenes`).") var scene: String
    @Option(help: "Run the scene with another compatible robot.") var robot: String?
    @Option(help: "Which of the scene's tasks (0-based).") var task: Int = 0
    @Option(help: "Say this instead of the task's instruction: it is judged by the goal read from it (see `vlaplay read`).") var instruction: String?
    @Option(help: ArgumentHelp("The policy: \(PolicyFactory.help).")) var policy = "expert"
    @Option(parsing: .unconditional, help: "Seed of the scene's randomisation.", transform: seedArgument) var seed: UInt64 = 0
    @Option(help: "Request a new chunk every N actions (default: when the chunk is used up).") var replan: Int?
    @Option(help: "Override the task's step budget.") var maxSteps: Int?
    @Option(help: "Write the episode log (JSONL) here.") var log: String?
    @Option(help: "Print every Nth step (0: none).") var every: Int = 1
    @Flag(help: "Print the summary as JSON (no step lines).") var json = false
    @OptionGroup(title: "Remote policies") var remote: RemoteFlags

    func validate() throws {
        if let replan, replan < 1 { throw ValidationError("--replan: expected 1 or more") }
        if let maxSteps, maxSteps < 1 { throw ValidationError("--max-steps: expected 1 or more") }
        if every < 0 { throw ValidationError("--every: expected 0 or more") }
    }

    struct Summary: Encodable {
        var scene: String, robot: String, task: Int, instruction: String, policy: String, seed: UInt64
        var success: Bool, steps: Int, reason: String, metrics: [String: Double], log: String?
        var goal: String, grounding: String?, refused: Bool
        /// Set when the policy failed (threw or sent a refused chunk): the run exits 1.
        var policy_error: String?
    }

    func run() async throws {
        try await reportingErrorsAsync {
            let (scenes, robots) = try options.sceneLibrary()
            let (sceneModel, robotModel) = try scenes.load(scene, robots: robots, robot: robot)
            guard sceneModel.tasks.indices.contains(task) else {
                throw ValidationError("--task: \(scene) has tasks 0...\(sceneModel.tasks.count - 1)")
            }
            let (model, state) = WorldModel.make(scene: sceneModel, robot: robotModel, seed: seed)
            let p = try PolicyFactory.make(policy, robot: robotModel, cameras: model.cameras.map(\.name), remote: remote.options)
            if let remotePolicy = p as? OpenPIPolicy {
                // Connect before the episode, so a wrong address fails with nothing run.
                do {
                    let metadata = try await remotePolicy.connect()
                    if !json { print("connected to \(remotePolicy.name); metadata: \(MetadataText.summary(metadata))") }
                } catch let e as RemoteError { throw CLIError(e.description) }
            }
            if !json, let layout = (p as? OpenPIPolicy)?.layout ?? (p as? HTTPPolicy)?.layout {
                print("observation (\(layout.name)): " + layout.fields.map(\.key).joined(separator: ", "))
            }
            let setup = EpisodeSetup(model: model, initial: state, taskIndex: task, instruction: instruction, replan: replan, maxSteps: maxSteps)
            let writer = try log.map { try JSONLWriter(path: $0) }
            if !json {
                print("scene \(sceneModel.name), robot \(robotModel.name), task \(task): \(setup.instruction)")
                if let reading = setup.reading {
                    if let refusal = reading.refusal {
                        print("REFUSED before anything moved: \(refusal)")
                    } else {
                        print("goal read from your instruction: \(setup.task.goalText)")
                        if !reading.groundingText.isEmpty { print("grounding: \(reading.groundingText)") }
                    }
                }
                if setup.reading?.refusal == nil { print("goal: \(setup.task.goalText); policy \(p.name); seed \(seed)") }
            }
            let summary = await EpisodeRunner(setup).run(policy: p, policyName: policy, log: writer.map { w in { w.write($0) } }) { record in
                guard !json, every > 0, record.index % every == 0 || record.result.events.contains(where: { $0.kind != .contact }) else { return }
                let st = record.result.state
                var where_ = ""
                if model.robot.arms.isEmpty {
                    where_ = String(format: "base [%.2f %.2f %.0f°]", st.base.x, st.base.y, st.base.yaw * 180 / .pi)
                } else {
                    where_ = model.robot.arms.indices.map { a in
                        let t = model.toolPose(st, arm: a).translation
                        return String(format: "%@[%.3f %.3f %.3f] %@", model.robot.arms.count > 1 ? model.robot.arms[a].name + " " : "",
                                      t.x, t.y, t.z, isGripperOpen(st.gripper[a]) ? "open" : "closed")
                    }.joined(separator: "  ")
                }
                let events = record.result.events.map(\.description).joined(separator: "; ")
                print("step \(String(format: "%4d", record.index))  \(where_)\(record.goal ? "  goal ✓" : "")\(events.isEmpty ? "" : "  | " + events)")
            }
            let out = Summary(scene: sceneModel.name, robot: robotModel.name, task: task, instruction: setup.instruction, policy: policy,
                              seed: seed, success: summary.success, steps: summary.steps, reason: summary.reason, metrics: summary.metrics, log: log,
                              goal: setup.task.goalText, grounding: setup.reading?.groundingText, refused: summary.refused,
                              policy_error: summary.policyError)
            // Every line is written by now: a write, flush or close that failed fails the run.
            var logFailure: Error?
            do { try writer?.finish() } catch { logFailure = error }
            if json {
                try printJSON(out)
                    if summary.refused || summary.policyError != nil { throw ExitCode(1) }
                return
            }
            if let logFailure { throw logFailure }
            if summary.refused { throw CLIError(summary.reason) }
            print("\n\(summary.success ? "SUCCESS" : "FAILURE") after \(summary.steps) steps: \(summary.reason)")
            if !summary.metrics.isEmpty {
                print("metrics: " + summary.metrics.sorted { $0.key < $1.key }.map { "\($0.key) \(fmt($0.value, 3))" }.joined(separator: ", "))
            }
            if let r = summary.remote { print("remote: \(r.summary)") }
            if let log, logFailure == nil { print("log: \(log)") }
            if let logFailure { throw logFailure }
            // A policy that failed is not a result: exit 1, as for any other user-facing failure.
            if let error = summary.policyError { throw CLIError(error) }
        }
    }
}
