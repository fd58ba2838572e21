import Foundation
import Kinematics
import Policy
import Spatial
import World

/// How one episode is set up.
public struct EpisodeSetup: Sendable {
    public var model: WorldModel
    public var initial: WorldState
    public var taskIndex: Int
    public var instruction: String
    public var embodimentPrompt: String
    /// Ask for a new chunk after this many actions even if the chunk lasts longer.
    public var replan: Int?
    public var maxSteps: Int
    /// What the episode is judged as: the scene task, or a typed instruction's own goal.
    public var task: TaskSpec
    /// How a typed instruction was read (nil for the scene task's own wording).
    public var reading: InstructionReading?

    public init(model: WorldModel, initial: WorldState, taskIndex: Int, instruction: String? = nil,
                embodimentPrompt: String? = nil, replan: Int? = nil, maxSteps: Int? = nil) {
        self.model = model
        let sceneTask = model.scene.tasks[taskIndex]
        self.taskIndex = taskIndex
        self.instruction = instruction ?? sceneTask.instruction
        (task, reading) = EpisodeRules.judgedTask(self.instruction, model: model, initial: initial, taskIndex: taskIndex)
        self.initial = model.prepared(initial, for: task)
        self.embodimentPrompt = embodimentPrompt ?? EmbodimentPrompt.generate(model.robot, instruction: self.instruction)
        self.replan = replan
        self.maxSteps = maxSteps ?? task.maxSteps
    }
}

public struct EpisodeSummary: Sendable {
    public var success: Bool
    public var reason: String
    public var steps: Int
    public var metrics: [String: Double]
    public var final: WorldState
    /// Request figures when the policy is remote.
    public var remote: RemoteStats?
    /// The instruction was refused before anything moved.
    public var refused = false
    /// Why the policy failed, when it did: it threw (a lost server, an error frame) or
    /// sent a chunk the controller refused. Callers exit non-zero on it.
    public var policyError: String?
}

/// Round trips of a remote policy's requests over one episode.
public struct RemoteStats: Sendable {
    public var requests: Int
    public var roundTripsMs: [Double]
    public var serverInferMs: [Double]
    public var reconnects: Int

    public init(requests: Int = 0, roundTripsMs: [Double] = [], serverInferMs: [Double] = [], reconnects: Int = 0) {
        self.requests = requests; self.roundTripsMs = roundTripsMs; self.serverInferMs = serverInferMs; self.reconnects = reconnects
    }

    public mutating func add(_ info: RemoteCallInfo) {
        requests += 1
        roundTripsMs.append(info.roundTripMs)
        if let s = info.serverInferMs { serverInferMs.append(s) }
        if requests > 1 { reconnects += info.connects }
    }

    static func median(_ v: [Double]) -> Double? { v.isEmpty ? nil : v.sorted()[v.count / 2] }

    /// "12 requests, round trip median 23.1 ms (server 20.2 ms), 1 reconnect".
    public var summary: String {
        var text = "\(requests) request\(requests == 1 ? "" : "s")"
        if let m = RemoteStats.median(roundTripsMs) { text += String(format: ", round trip median %.1f ms, max %.1f ms", m, roundTripsMs.max() ?? m) }
        if let s = RemoteStats.median(serverInferMs) { text += String(format: " (server inference median %.1f ms)", s) }
        if reconnects > 0 { text += ", \(reconnects) reconnect\(reconnects == 1 ? "" : "s")" }
        return text
    }
}

/// One record per control step, for printing and the TUI.
public struct StepRecord: Sendable {
    public var index: Int
    public var action: [Double]
    public var result: StepResult
    public var goal: Bool
}

/// Runs the one loop: observe → request a chunk → execute it action by action →
/// request again when it is used up or every `replan` actions.
///
/// The refusal rule, the same in every driver (`EpisodeRules.refusal`): a chunk is
/// checked whole when it arrives, with the controller's own validation; if any
/// action would be refused, nothing of it is executed, the world is untouched, and
/// the episode stops with the reason (headless: it ends; the TUI: it pauses and
/// Enter asks again). A refused action never counts as a step.
public struct EpisodeRunner {
    public let setup: EpisodeSetup

    public init(_ setup: EpisodeSetup) { self.setup = setup }

    /// `log` receives each log line as a value (header, steps, footer); the caller
    /// decides where lines go (the CLI writes a file, tests keep them in memory).
    public func run(policy: any Policy, policyName: String? = nil, log: ((JSONValue) -> Void)? = nil,
                    onStep: (StepRecord) -> Void = { _ in }) async -> EpisodeSummary {
        let model = setup.model
        let task = setup.task
        var episode = Episode(model: model, initial: setup.initial, taskIndex: setup.taskIndex, judged: task)
        log?(header(policyName ?? policy.name))
        if let refusal = setup.reading?.refusal {
            // Refused before anything moves: the instruction cannot be done here.
            let verdict = EpisodeVerdict.final(episode, reason: "refused: " + refusal)
            log?(.object(["type": .string("footer"), "success": .bool(false), "reason": .string(verdict.reason),
                          "steps": .number(0), "metrics": .object(verdict.metrics.mapValues { .number($0) })]))
            return EpisodeSummary(success: false, reason: verdict.reason, steps: 0, metrics: verdict.metrics, final: episode.state, remote: nil,
                                  refused: true)
        }
        var policyDone = false
        var policyError: String?
        var remote: RemoteStats?
        var reason = "ran out of steps (\(setup.maxSteps))"
        var success = false
        let checksGoal = EpisodeRules.checksGoal(model)
        loop: while episode.stepCount < setup.maxSteps {
            if episode.needsChunk(replan: setup.replan) {
                if policyDone { reason = "the policy finished"; break }
                let request = episode.request(instruction: setup.instruction, embodimentPrompt: setup.embodimentPrompt, for: policy)
                let chunk: ActionChunk
                do { chunk = try await policy.act(request) } catch { reason = "policy error: \(error)"; policyError = reason; break }
                if let info = chunk.remote { remote = remote ?? RemoteStats(); remote?.add(info) }
                policyDone = chunk.done
                switch episode.receive(chunk) {
                case .accepted: break
                case .empty:
                    reason = "the policy finished"
                    if !chunk.notes.isEmpty { reason += ": " + chunk.notes.joined(separator: "; ") }
                    break loop
                case .refused(let why):
                    reason = why
                    policyError = why
                    break loop
                }
            }
            let info: StepInfo
            switch episode.step() {
            case .stepped(let taken): info = taken
            case .refused(let why, _): reason = why; policyError = why; break loop
            case .needsChunk: continue loop
            }
            let result = info.result
            let state = result.state
            let steps = episode.stepCount
            let goal = GoalEvaluator.evaluate(task.goal, model, state)
            log?(stepLine(steps, action: info.commanded, result: result, chunkIndex: info.chunk, inChunk: info.indexInChunk))
            onStep(StepRecord(index: steps, action: info.commanded, result: result, goal: goal))
            if checksGoal && goal { success = true; reason = "goal reached: \(task.goalText)"; break }
            if state.stopped { reason = "the policy stopped"; break }
        }
        let verdict = EpisodeVerdict.final(episode, reason: reason, goalReached: success)
        success = verdict.success
        reason = verdict.reason
        let metrics = verdict.metrics
        log?(.object(["type": .string("footer"), "success": .bool(success), "reason": .string(reason),
                            "steps": .number(Double(episode.stepCount)), "metrics": .object(metrics.mapValues { .number($0) })]))
        var summary = EpisodeSummary(success: success, reason: reason, steps: episode.stepCount, metrics: metrics, final: episode.state, remote: remote)
        summary.policyError = policyError
        return summary
    }

    /// The log's first line (shared with the TUI's `:save`).
    public func header(_ policy: String) -> JSONValue {
        let m = setup.model
        let c = m.robot.control
        return .object([
            "type": .string("header"), "scene": .string(m.scene.name), "family": .string(m.scene.family.rawValue),
            "robot": .string(m.robot.name), "task": .number(Double(setup.taskIndex)),
            "instruction": .string(setup.instruction), "embodiment_prompt": .string(setup.embodimentPrompt),
            "goal": .string(setup.task.goalText), "grounding": setup.reading.map { .string($0.groundingText) } ?? .null, "max_steps": .number(Double(setup.maxSteps)),
            "policy": .string(policy), "seed": .number(Double(m.seed)),
            "replan": setup.replan.map { .number(Double($0)) } ?? .null,
            "action_layout": .array(m.robot.actionLayout.map { .string($0) }),
            "control": .object(["mode": .string(c.mode.rawValue), "frequency_hz": .number(c.frequencyHz), "chunk": .number(Double(c.chunk))]),
            "objects": .array(m.objects.map { .string($0.name) }),
            "versions": .object(["vlaplay": .string(vlaplayVersion), "log_format": .number(1)]),
        ])
    }

    public func stepLine(_ step: Int, action: [Double], result: StepResult, chunkIndex: Int, inChunk: Int) -> JSONValue {
        let m = setup.model
        let s = result.state
        var attached: [String: JSONValue] = [:]
        for (i, o) in s.objects.enumerated() { if let a = o.heldBy { attached[m.objects[i].name] = .string(m.robot.arms[a].name) } }
        var goals: [String: JSONValue] = [:]
        for (name, value) in GoalEvaluator.atomValues(setup.task.goal, m, s) { goals[name] = .bool(value) }
        return .object([
            "type": .string("step"), "step": .number(Double(step)), "t": .number((s.time * 1e9).rounded() / 1e9),
            "chunk": .number(Double(chunkIndex)), "index_in_chunk": .number(Double(inChunk)),
            "action": .numbers(action), "executed": .rounded(result.executed),
            "refused": result.refused ? .string(result.events.first?.message ?? "refused") : .null,
            "q": .rounded(s.q), "base": .rounded([s.base.x, s.base.y, s.base.yaw]), "gripper": .rounded(s.gripper),
            "tools": .array(m.robot.arms.indices.map { .rounded(m.toolPose(s, arm: $0).translation.array) }),
            "attached": .object(attached),
            "events": .array(result.events.map { e in
                var o: [String: JSONValue] = ["kind": .string(e.kind.rawValue), "message": .string(e.message)]
                if let d = e.depth { o["depth"] = .number((d * 1e6).rounded() / 1e6) }
                return .object(o)
            }),
            "goal": .object(goals),
        ])
    }
}

public let vlaplayVersion = "0.1.0"

func fmt2(_ v: Double) -> String { String(format: "%.3f", v) }
