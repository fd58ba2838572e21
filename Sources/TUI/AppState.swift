import Episode
import Kinematics
import Policy
import Render
import Spatial
import World

/// The defaults `vlaplay` (no arguments) and `vlaplay tui` start with.
public enum TUIDefaults {
    public static let scene = "libero_spatial"
    public static let task = 0
    public static let policy = "expert"
    public static let fallbackPolicy = "hold"
    public static let seed: UInt64 = 0
    /// Play speeds as multiples of the robot's control rate, that `+` and `-` move between.
    public static let multiples: [Double] = [0.25, 0.5, 1, 2, 4, 8, 16, 32]
    /// The default play speed is the smallest multiple that plays at least this many
    /// steps a second: every shipped task then finishes within 20 s of wall time
    /// (navigation at 2 Hz plays ×8).
    public static let briskStepsPerSecond = 15.0
    /// The default multiple for a control rate.
    public static func defaultMultiple(hz: Double) -> Double {
        multiples.first { hz * $0 >= briskStepsPerSecond } ?? multiples.last!
    }
    /// Below this the layout does not fit; a message asks for a larger terminal.
    public static let minWidth = 60
    public static let minHeight = 18
}

/// Where keys go.
public enum Focus: String, Sendable, Equatable {
    case scene, instruction, prompt, palette
}

/// One line of the event log.
public struct LogLine: Sendable, Equatable {
    public enum Kind: String, Sendable { case info, event, warning, error, success, dim }
    public var step: Int?
    public var kind: Kind
    public var text: String
    public var count: Int
    public init(step: Int?, _ kind: Kind, _ text: String) { self.step = step; self.kind = kind; self.text = text; count = 1 }
}

/// How an episode ended.
public struct Outcome: Sendable, Equatable {
    public var success: Bool
    public var reason: String
    public var step: Int
}

/// A loaded episode as the playground shows it: the one `Episode` value (history,
/// chunks, stepping by the refusal rule), a cursor into its history (time travel),
/// and what the view draws (the verdict, the worm, the ghost, the realised path).
public struct Session: Sendable {
    public var sceneName: String
    public var policySpec: String
    public var policy: any Policy
    public var episode: Episode
    /// Which history state is shown (time travel); `history.count - 1` is live.
    public var cursor: Int
    public var outcome: Outcome?
    public var prediction: Prediction
    /// The prediction before the last re-predict, faded, for A/B comparison.
    public var ghost: Prediction?
    /// Tool (or base) positions at each history state, for the realised path.
    public var trace: [[Vec3]]
    public var bounds: Bounds3
    /// The instruction the episode is judged by (its goal is `episode.task`), how it
    /// was read when it is not the scene task's own wording, and why it was refused.
    public var judgedInstruction: String
    public var reading: InstructionReading?
    public var refusal: String?
    /// Why the last chunk was refused whole (shown in the banner until one is accepted).
    public var chunkRefusal: String?
    /// A sampling policy's other samples of the last chunk, dry-run to paths.
    public var samplePaths: [[Vec3]] = []
    /// A flow policy's last chunk from noise to chunk (`ActionChunk.denoising`), and
    /// which of its steps the worm shows (`d` steps through; nil: the chunk itself).
    public var denoising: [[[Double]]] = []
    public var denoiseStep: Int?

    public init(sceneName: String, model: WorldModel, initial: WorldState, taskIndex: Int, policySpec: String, policy: any Policy) {
        self.sceneName = sceneName
        self.policySpec = policySpec; self.policy = policy
        episode = Episode(model: model, initial: initial, taskIndex: taskIndex)
        cursor = 0; outcome = nil
        prediction = .empty; ghost = nil
        trace = [Session.subjects(model, initial)]
        bounds = SceneRenderer.bounds(model)
        // Nothing judged yet: the first request reads the instruction (and refuses one
        // this robot cannot do, before anything moves).
        judgedInstruction = ""
    }

    public var model: WorldModel { episode.model }
    public var taskIndex: Int { episode.taskIndex }
    public var history: [WorldState] { episode.history }
    public var steps: [StepInfo] { episode.steps }
    public var chunks: [ChunkRecord] { episode.chunks }
    public var active: (chunk: Int, used: Int)? {
        get { episode.active }
        set { episode.active = newValue }
    }
    /// What the episode is judged as: the scene task, or the typed instruction's own goal.
    public var task: TaskSpec { episode.task }
    /// The scene's own task (its wording, its goal).
    public var sceneTask: TaskSpec { model.scene.tasks[taskIndex] }
    public var state: WorldState { history[cursor] }
    public var isLive: Bool { cursor == history.count - 1 }
    public var stepCount: Int { history.count - 1 }

    /// The chunk in effect at the cursor and the index of its next action.
    public var chunkAtCursor: (chunk: Int, next: Int)? {
        if isLive { return active.map { ($0.chunk, $0.used) } }
        let s = steps[cursor]
        return (s.chunk, s.indexInChunk)
    }

    /// The points whose paths are drawn: each arm's tool, or the base.
    public static func subjects(_ model: WorldModel, _ s: WorldState) -> [Vec3] { ChunkPreview.subjects(model, s) }
}

/// The whole application state: a plain value. `update` makes the next one;
/// `view` draws it.
/// What the status bar says about a remote policy's connection.
public enum ConnectionStatus: Sendable, Equatable {
    /// Not asked yet (connections open on the first request).
    case idle
    case connected(roundTripMs: Double, serverMs: Double?)
    /// Connected, but the last reply was refused (no round trip to show).
    case up
    case lost(reason: String)

    /// "● 23 ms", "○ not connected", "✗ disconnected".
    public var label: String {
        switch self {
        case .idle: return "○ not connected"
        case .connected(let rtt, _): return String(format: "● %.0f ms", rtt)
        case .up: return "● connected"
        case .lost: return "✗ disconnected"
        }
    }
}

public struct AppState: Sendable {
    public var width: Int
    public var height: Int
    /// Keys are commands until `i` or `e` starts editing (as in vim, less, htop).
    public var focus: Focus = .scene
    /// The text a field had when editing began: Esc puts it back.
    public var editBackup: (text: String, promptEdited: Bool)?
    /// The camera pane (in the inspector's place) and which camera it shows.
    public var showCamera = false
    public var cameraIndex = 0
    /// First row of the help overlay shown (it scrolls on small terminals).
    public var helpScroll = 0
    public var showHelp = false
    public var session: Session?
    /// Shown while a scene loads or when none could be loaded.
    public var status: String = "loading…"
    public var instruction = TextBuffer()
    public var prompt = TextBuffer(multiline: true)
    /// The prompt was edited by hand: a new instruction no longer regenerates it.
    public var promptEdited = false
    public var promptScroll = 0
    /// The linter's findings on the prompt, shown beside it (see `lintFindings(for:robot:)`).
    public var lintFindings: [String] = []
    public var palette = TextBuffer()
    public var completions: [String] = []
    public var paletteHistory: [String] = []
    public var log: [LogLine] = []
    /// Lines scrolled back from the newest.
    public var logScroll = 0
    public var playing = false
    /// Play speed in control steps per second (a multiple of `controlHz`).
    public var speed: Double = 20
    /// The robot's control rate, which speed is a multiple of.
    public var controlHz: Double = 20
    public var replan: Int?
    /// How a sampling policy draws its chunks (`:samples`, `:flow`, `:noise`).
    public var sampling = Sampling()
    public var camera = Camera.defaultFor(.top, tabletop: true)
    public var labels = true
    /// The right-hand pane shows the inspector, or the actions over the episode.
    public var timeline = false
    /// The ticket of the chunk request in flight.
    public var awaiting: Int?
    public var nextTicket = 1
    /// Steps asked for (Space) while the chunk they need is in flight; they run
    /// when it arrives.
    public var pendingSteps = 0
    public var sceneNames: [String] = []
    public var robotNames: [String] = []
    public var seed: UInt64 = 0
    /// A note about the policy (e.g. the expert is not available and hold stands in).
    public var policyNote: String?
    /// The remote policy's link, when the policy is a URL: shown in the status bar.
    public var connection: ConnectionStatus?
    public var quitting = false
    /// Teaching mode: jog joints, move the tool target (IK follows), watch the
    /// Jacobian's condition. `joint` is the selected movable joint.
    public var teaching: Teach?
    /// Where a mouse drag in the scene was last seen (cells), while a button is down.
    public var dragX: Int?
    public var dragY: Int?
    public struct Teach: Sendable, Equatable {
        public var joint = 0
    }

    public init(width: Int, height: Int) {
        self.width = width; self.height = height
    }

    /// How often the program loop should send `.tick`: only while playing and not
    /// waiting for the policy — a paused playground sleeps in the terminal's read.
    public var tickInterval: Double? {
        guard playing, awaiting == nil, session?.outcome == nil else { return nil }
        return 1 / speed
    }
}
