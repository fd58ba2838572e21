import Policy
import World

/// Rules every episode driver applies the same way (the runner, the TUI, the
/// recorder): what refuses a chunk, and when the goal is judged.
public enum EpisodeRules {
    /// Why a chunk is refused whole, or nil to accept it: the first action the
    /// controller would refuse (length, non-finite numbers, a discrete command out of
    /// range, a zero quaternion — `ActionValidation`, the controller's own checks).
    /// Nothing of a refused chunk is executed and the world stays as it was.
    public static func refusal(of actions: [[Double]], model: WorldModel) -> String? {
        guard let p = ActionValidation.firstProblem(in: actions, model: model) else { return nil }
        return "policy error: bad chunk: action \(p.index) of \(actions.count): \(p.message); nothing of it was executed"
    }

    /// The reason when the controller refuses one action after all.
    public static func refusedAction(_ result: StepResult) -> String {
        "policy error: the controller refused the action: \(result.events.first?.message ?? "refused"); the world is untouched"
    }

    /// Whether the family is judged by the goal predicate after every step
    /// (navigation and path tasks are judged when they stop or run out).
    public static func checksGoal(_ model: WorldModel) -> Bool {
        model.scene.family != .navigation && model.scene.family != .trajectory
    }

    /// The task an instruction is judged as. The scene task's own wording is judged
    /// by the scene's goal; any other wording by the goal read from it
    /// (InstructionReader), with the reading kept to show how it was grounded. A
    /// refused reading keeps the scene task; the caller stops before moving.
    public static func judgedTask(_ instruction: String, model: WorldModel, initial: WorldState,
                                  taskIndex: Int) -> (TaskSpec, InstructionReading?) {
        let sceneTask = model.scene.tasks[taskIndex]
        let typed = instruction.trimmingCharacters(in: .whitespacesAndNewlines)
        let reading = InstructionReader.cachedRead(typed, model: model, state: initial)
        // The scene's own wording keeps the scene's goal; it is refused only when this
        // robot cannot do it (a swapped arm whose gripper is too small, say).
        if typed.lowercased() == sceneTask.instruction.lowercased() { return (sceneTask, reading.refusal == nil ? nil : reading) }
        // Another scene task's own wording is that task.
        if let k = model.scene.tasks.firstIndex(where: { $0.instruction.lowercased() == typed.lowercased() }) {
            return (model.scene.tasks[k], reading)
        }
        return (InstructionReader.judgedTask(reading, model: model, base: sceneTask) ?? sceneTask, reading)
    }
}
