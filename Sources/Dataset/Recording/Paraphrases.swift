import Policy
import World

/// Other wordings of a scene's tasks, from the instruction corpus
/// (Tests/Corpora/instructions.txt): the entries of that scene whose expected goal
/// is the task's goal (or whose expected path is the task's). Every `holdoutEvery`-th
/// corpus line is left out of recording, so an evaluation can ask in words the
/// model never saw (docs/DATASETS.md).
public enum Paraphrases {
    public static let defaultHoldoutEvery = 5

    /// Whether an entry is kept out of recording: its line number is a multiple of `every` (0: none is).
    public static func isHeldOut(_ entry: CorpusEntry, every: Int) -> Bool {
        every > 0 && entry.line % every == 0
    }

    /// The entries of `scene` that ask for its task `taskIndex`.
    public static func matching(_ entries: [CorpusEntry], scene: SceneModel, task taskIndex: Int) -> [CorpusEntry] {
        let task = scene.tasks[taskIndex]
        return entries.filter { e in
            guard e.scene == scene.name else { return false }
            if e.expected.hasPrefix("path(") { return Int(e.expected.dropFirst(5).dropLast()) == taskIndex }
            guard let goal = try? GoalParser.parse(e.expected) else { return false }
            return InstructionReader.sameGoal(goal, task.goal)
        }
    }
}
