import Policy
import World

/// What happened in one control step (history[k] → history[k + 1]).
public struct StepInfo: Sendable {
    public var commanded: [Double]
    public var chunk: Int
    public var indexInChunk: Int
    /// The controller's result: executed action (after clipping), events, new state.
    public var result: StepResult
    public var executed: [Double] { result.executed }
    public var events: [WorldEvent] { result.events }

    public init(commanded: [Double], chunk: Int, indexInChunk: Int, result: StepResult) {
        self.commanded = commanded; self.chunk = chunk; self.indexInChunk = indexInChunk; self.result = result
    }
}

/// A chunk the policy returned, and the step it was asked at.
public struct ChunkRecord: Sendable {
    public var actions: [[Double]]
    public var done: Bool
    public var notes: [String]
    public var inferenceMs: Double?
    /// History index the chunk was requested at.
    public var startStep: Int
    /// What the model read (`ActionChunk.inputs`).
    public var inputs: String?
}

/// One episode as a value: the history of world states (the whole record, so time
/// travel is an index and a dry run is a copy), the chunks received, the one in
/// effect, and stepping by the one refusal rule. The headless runner and the TUI
/// drive this same value; neither steps the world any other way.
public struct Episode: Sendable {
    public let model: WorldModel
    public let taskIndex: Int
    public private(set) var history: [WorldState]
    public private(set) var steps: [StepInfo] = []
    public private(set) var chunks: [ChunkRecord] = []
    /// The chunk the live end is executing, and how many of its actions are used.
    public var active: (chunk: Int, used: Int)?

    /// The task the episode is judged as: the scene's task, or — for an instruction
    /// typed in its place — that instruction's own goal (InstructionReader.judgedTask).
    public var task: TaskSpec

    public init(model: WorldModel, initial: WorldState, taskIndex: Int, judged: TaskSpec? = nil) {
        self.model = model; self.taskIndex = taskIndex; history = [initial]
        task = judged ?? model.scene.tasks[taskIndex]
    }
    /// The live state (the end of the history).
    public var state: WorldState { history[history.count - 1] }
    public var stepCount: Int { history.count - 1 }

    /// Whether the next step needs a new chunk: none yet, this one used up, or
    /// `replan` of its actions used.
    public func needsChunk(replan: Int?) -> Bool {
        guard let a = active else { return true }
        if a.used >= chunks[a.chunk].actions.count { return true }
        if let r = replan, a.used >= r { return true }
        return false
    }

    /// The active chunk is the policy's last and it is used up.
    public var policyFinished: Bool {
        guard let a = active else { return false }
        return chunks[a.chunk].done && a.used >= chunks[a.chunk].actions.count
    }

    /// The request for the live state, observed as `policy` asks.
    public func request(instruction: String, embodimentPrompt: String, for policy: any Policy) -> PolicyRequest {
        PolicyRequest(instruction: instruction, embodimentPrompt: embodimentPrompt, observation: .of(model, state, for: policy))
    }

    /// What became of a chunk handed to `receive`.
    public enum ChunkVerdict: Sendable, Equatable {
        /// The chunk is active from its first action.
        case accepted
        /// An empty chunk marked done: the policy has nothing more to do.
        case empty
        /// Refused whole by `EpisodeRules.refusal`: nothing changed (world, history, the chunk in effect).
        case refused(String)
    }

    /// Takes a chunk from the policy, by the one refusal rule: a chunk with any
    /// action the controller would refuse is refused whole and nothing of it runs.
    public mutating func receive(_ chunk: ActionChunk) -> ChunkVerdict {
        if chunk.actions.isEmpty {
            // Empty means "done" only when the policy says so; otherwise it is refused.
            guard chunk.done else {
                return .refused("the policy returned no actions" + (chunk.notes.isEmpty ? "" : ": " + chunk.notes.joined(separator: "; ")))
            }
            active = nil
            return .empty
        }
        if let problem = EpisodeRules.refusal(of: chunk.actions, model: model) { return .refused(problem) }
        chunks.append(ChunkRecord(actions: chunk.actions, done: chunk.done, notes: chunk.notes,
                                  inferenceMs: chunk.inferenceMs, startStep: stepCount, inputs: chunk.inputs))
        active = (chunks.count - 1, 0)
        return .accepted
    }

    public enum StepVerdict: Sendable {
        case stepped(StepInfo)
        /// The controller refused the action after all: nothing moved, the chunk is dropped.
        case refused(String, StepResult)
        /// No chunk in effect, or it is used up.
        case needsChunk
    }

    /// Executes the active chunk's next action with the true controller.
    public mutating func step() -> StepVerdict {
        guard let (ci, used) = active, used < chunks[ci].actions.count else { return .needsChunk }
        let action = chunks[ci].actions[used]
        let r = Controller.step(model, state, action: action)
        if r.refused { active = nil; return .refused(EpisodeRules.refusedAction(r), r) }
        // The record keeps what the log and the views read; the substeps (for drawing a
        // dry run's curve) would only hold memory for the whole episode.
        var kept = r
        kept.substeps = []
        let info = StepInfo(commanded: action, chunk: ci, indexInChunk: used, result: kept)
        history.append(r.state)
        steps.append(info)
        active = (ci, used + 1)
        return .stepped(info)
    }

    /// Drops the history after `index`, so the episode goes on from there, in the
    /// chunk that was in effect at that step.
    public mutating func truncate(after index: Int) {
        let dropped = history.count - 1 - index
        guard dropped > 0 else { return }
        let at = steps[index]
        history.removeLast(dropped)
        steps.removeLast(dropped)
        active = (at.chunk, at.indexInChunk)
    }

    /// Replaces the live state (the TUI's teaching mode jogs the robot by hand);
    /// the chunk in effect no longer applies.
    public mutating func replaceLiveState(_ s: WorldState) {
        history[history.count - 1] = s
        active = nil
    }
}
