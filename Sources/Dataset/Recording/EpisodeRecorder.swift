import Spatial
import Episode
import Policy
import Render
import World

/// How frames are recorded: which cameras, and how small their images are.
public struct RecordingSettings: Sendable {
    public var cameras: [String]
    public var imageWidth: Int
    public var imageHeight: Int
    /// Images are drawn this many times larger and shrunk by block averaging (anti-aliasing).
    public var supersample: Int
    public var replan: Int?
    /// Noise injection (`NoisyExecution`): the standard deviation of the noise added to
    /// each executed translation, as a fraction of the per-step limit; 0: none.
    public var actionNoise: Double

    public init(cameras: [String], imageWidth: Int = 64, imageHeight: Int = 64, supersample: Int = 2, replan: Int? = nil, actionNoise: Double = 0) {
        self.cameras = cameras; self.imageWidth = imageWidth; self.imageHeight = imageHeight
        self.supersample = supersample; self.replan = replan; self.actionNoise = actionNoise
    }
}

/// What one attempt produced: the verdict, and the frames when any step ran.
public struct RecordedEpisode: Sendable {
    public var job: RecordingJob
    /// The body the episode ran with: the card changed by the job's variant.
    public var robot: RobotModel
    public var success: Bool
    public var reason: String
    public var data: EpisodeData?
    /// LeRobot's fps: the episode's true control frequency (an integer by construction).
    public var fps: Int
    /// The cameras and image size the frames were recorded with.
    public var settings: RecordingSettings
}

/// Records one episode from the Episode core: `EpisodeRunner` drives the one loop,
/// and its step callback turns each step into a frame — the observation before the
/// step (proprioception as `ProprioState.recorded`, camera images drawn by the one
/// renderer) and the action the policy commanded. No second loop.
public enum EpisodeRecorder {
    public static func record(_ job: RecordingJob, policy: any Policy, settings: RecordingSettings) async -> RecordedEpisode {
        let robot = job.variant.apply(to: job.robot) ?? job.robot
        let fps = Int(exactly: robot.control.frequencyHz) ?? 0
        let (model, initial) = WorldModel.make(scene: job.scene, robot: robot, seed: job.seed)
        let clean = CleanActions()
        let noisy = settings.actionNoise > 0
        // With noise the policy is asked at every step, so it answers each perturbed state.
        let replan = noisy ? 1 : settings.replan
        let policy: any Policy = noisy ? NoisyExecution(policy, robot: robot, fraction: settings.actionNoise, seed: job.seed, clean: clean) : policy
        var setup = EpisodeSetup(model: model, initial: initial, taskIndex: job.taskIndex, instruction: job.paraphrase?.instruction,
                                 replan: replan)
        var source = job.paraphrase.map { "corpus:\($0.line)" } ?? "scene"
        if let p = job.paraphrase, let reading = setup.reading, InstructionCorpus.mismatch(reading, expected: p.expected) != nil {
            // Read otherwise in this layout, the paraphrase would label the episode with
            // words that ask for something else: keep the scene's wording instead.
            setup = EpisodeSetup(model: model, initial: initial, taskIndex: job.taskIndex, replan: replan)
            source = "scene"
        }
        // The same task takes the same time, so more steps at a higher frequency. At a
        // lower one the card's per-action limits (max_step) may cap each step before
        // it covers twice the distance: the step budget never shrinks.
        setup.maxSteps = clampedInt(Double(setup.maxSteps) * max(1, job.variant.frequencyFactor), .up)
        var result = RecordedEpisode(job: job, robot: robot, success: false, reason: "", data: nil, fps: fps, settings: settings)
        guard fps > 0 else {
            result.reason = "the control frequency \(robot.control.frequencyHz) Hz is not a whole number (LeRobot's fps is)"
            return result
        }
        if let missing = settings.cameras.first(where: { model.camera(named: $0) == nil }) {
            result.reason = "no camera `\(missing)` in \(job.scene.name) with \(robot.name) (cameras: \(model.cameras.map(\.name).joined(separator: ", ")))"
            return result
        }

        let k = max(1, settings.supersample)
        let (width, height) = (settings.imageWidth, settings.imageHeight)
        let render: Observation.CameraRenderer = { m, s, camera in
            var c = camera
            c.width = width * k; c.height = height * k
            return ImageRenderer.render(m, s, camera: c).downsampled(by: k)
        }
        var before = setup.initial
        var states: [[Float]] = [], actions: [[Float]] = []
        var images: [String: [RGBImage]] = [:]
        let summary = await EpisodeRunner(setup).run(policy: policy, onStep: { step in
            let o = Observation(model, before, cameras: settings.cameras, render: render)
            states.append(ProprioState.recorded(o, robot: robot).map { Float($0) })
            // StepRecord.index counts steps taken, this one included; the request was made before it.
            actions.append((clean.action(at: step.index - 1) ?? step.action).map { Float($0) })
            for c in settings.cameras { images[c, default: []].append(o.images[c]!) }
            before = step.result.state
        })
        result.success = summary.success
        result.reason = summary.reason
        guard !actions.isEmpty else { return result }
        let provenance = EpisodeProvenance(scene: job.scene.name, sceneTask: job.taskIndex, seed: job.seed, embodiment: job.variant.rawValue,
                                           controlFrequencyHz: robot.control.frequencyHz, actionLayout: robot.actionLayout,
                                           success: summary.success, reason: summary.reason, instructionSource: source)
        result.data = EpisodeData(task: setup.instruction, embodimentPrompt: setup.embodimentPrompt, states: states, actions: actions,
                                  images: images.mapValues { $0.map(PNGEncoder.encode) },
                                  imageStats: images.mapValues { FeatureStats.of(images: $0) }, provenance: provenance)
        return result
    }
}
