/// One recorded episode, ready to be added to a dataset: the frames (what was
/// observed, what was commanded), the instruction, the prompt, and where it came from.
public struct EpisodeData: Sendable {
    /// LeRobot's `task`: the instruction the policy was given.
    public var task: String
    public var embodimentPrompt: String
    /// Per frame: `observation.state` and `action`.
    public var states: [[Float]]
    public var actions: [[Float]]
    /// Per camera, per frame: the PNG.
    public var images: [String: [[UInt8]]]
    /// Per camera: LeRobot's image statistics, computed where the pixels were (the recorder).
    public var imageStats: [String: FeatureStats]
    public var provenance: EpisodeProvenance

    public var length: Int { actions.count }

    public init(task: String, embodimentPrompt: String, states: [[Float]], actions: [[Float]], images: [String: [[UInt8]]],
                imageStats: [String: FeatureStats], provenance: EpisodeProvenance) {
        self.task = task; self.embodimentPrompt = embodimentPrompt; self.states = states; self.actions = actions
        self.images = images; self.imageStats = imageStats; self.provenance = provenance
    }
}

/// vlaplay's own per-episode columns in meta/episodes (after LeRobot's): enough to
/// rebuild the episode (scene, task, seed, embodiment) and to tell what it taught.
public struct EpisodeProvenance: Sendable, Equatable {
    public var scene: String
    /// The task's index in the scene file (LeRobot's `task_index` numbers instructions).
    public var sceneTask: Int
    public var seed: UInt64
    /// The virtual embodiment (`EmbodimentVariant` name; `card` for the card's own convention).
    public var embodiment: String
    public var controlFrequencyHz: Double
    /// The action's channel names in this episode's true convention.
    public var actionLayout: [String]
    public var success: Bool
    public var reason: String
    /// `scene` (the scene file's wording) or `corpus:LINE` (a paraphrase from the instruction corpus).
    public var instructionSource: String

    public init(scene: String, sceneTask: Int, seed: UInt64, embodiment: String, controlFrequencyHz: Double, actionLayout: [String],
                success: Bool, reason: String, instructionSource: String) {
        self.scene = scene; self.sceneTask = sceneTask; self.seed = seed; self.embodiment = embodiment
        self.controlFrequencyHz = controlFrequencyHz; self.actionLayout = actionLayout; self.success = success
        self.reason = reason; self.instructionSource = instructionSource
    }

    /// Column names and values, in order.
    var columns: [(ParquetField, ParquetValue)] {
        [(ParquetField("vlaplay/scene", .string), .string(scene)),
         (ParquetField("vlaplay/scene_task", .int64), .int(sceneTask)),
         (ParquetField("vlaplay/seed", .int64), .int64(Int64(bitPattern: seed))),
         (ParquetField("vlaplay/embodiment", .string), .string(embodiment)),
         (ParquetField("vlaplay/control_frequency_hz", .float64), .float64(controlFrequencyHz)),
         (ParquetField("vlaplay/action_layout", .list(.string)), .list(actionLayout.map { .string($0) })),
         (ParquetField("vlaplay/success", .bool), .bool(success)),
         (ParquetField("vlaplay/reason", .string), .string(reason)),
         (ParquetField("vlaplay/instruction_source", .string), .string(instructionSource))]
    }
}
