import Policy
import Spatial
import World

/// One episode to try: which task, which layout, which body, which words.
public struct RecordingJob: Sendable {
    /// The attempt's number: attempts are tried, and kept, in this order.
    public var attempt: Int
    public var scene: SceneModel
    /// The robot card (the variant is applied to it when the episode starts).
    public var robot: RobotModel
    public var taskIndex: Int
    public var seed: UInt64
    public var variant: EmbodimentVariant
    /// A corpus wording of the task, or nil for the scene file's own.
    public var paraphrase: CorpusEntry?
}

/// Which episodes a recording tries, as a pure function of the attempt number:
/// tasks in turn (every task of every scene), seed `seed + attempt` (a new layout
/// each time), and from a generator seeded by that seed, the embodiment variant
/// (uniform over those that apply to the robot) and the wording (the scene's own
/// with probability `sceneWordingShare`, else a corpus paraphrase of the task).
public struct RecordingPlan: Sendable {
    public struct Task: Sendable {
        public var scene: SceneModel
        public var robot: RobotModel
        public var index: Int
        public var paraphrases: [CorpusEntry]
        public var variants: [EmbodimentVariant]
    }

    public let tasks: [Task]
    public let seed: UInt64
    public var sceneWordingShare = 0.3

    /// `corpus`: the entries paraphrases may come from (held-out lines already removed).
    public init(scenes: [(SceneModel, RobotModel)], seed: UInt64, variants: [EmbodimentVariant], corpus: [CorpusEntry]) {
        var tasks: [Task] = []
        for (scene, robot) in scenes {
            let usable = EmbodimentVariant.applicable(variants, to: robot)
            for t in scene.tasks.indices {
                tasks.append(Task(scene: scene, robot: robot, index: t, paraphrases: Paraphrases.matching(corpus, scene: scene, task: t),
                                  variants: usable.isEmpty ? [.card] : usable))
            }
        }
        self.tasks = tasks
        self.seed = seed
    }

    public func job(_ attempt: Int) -> RecordingJob {
        let task = tasks[attempt % tasks.count]
        let seed = self.seed &+ UInt64(attempt)
        var rng = SeededRandom(seed: seed ^ 0x7265_636F_7264)   // "record": apart from the layout's own stream
        let variant = task.variants[rng.index(task.variants.count)]
        var paraphrase: CorpusEntry?
        if !task.paraphrases.isEmpty && rng.unit() >= sceneWordingShare {
            paraphrase = task.paraphrases[rng.index(task.paraphrases.count)]
        }
        return RecordingJob(attempt: attempt, scene: task.scene, robot: task.robot, taskIndex: task.index, seed: seed,
                            variant: variant, paraphrase: paraphrase)
    }
}
