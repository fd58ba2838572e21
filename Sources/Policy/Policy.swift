import Foundation
import Kinematics
import Spatial
import World

/// What a policy sees at one step.
public struct Observation: Sendable {
    public var step: Int
    /// Robot joint positions (proprioception).
    public var q: [Double]
    public var base: Pose2D
    /// Gripper openings per arm (0 closed, 1 open).
    public var gripper: [Double]
    /// Each arm's tool pose in the robot base frame.
    public var toolPoses: [Pose]
    /// Privileged world state and model: only the expert may read them.
    public var privileged: WorldState?
    public var world: WorldModel?
    /// Camera images by camera name: only the cameras the policy asked for.
    public var images: [String: RGBImage] = [:]

    public init(step: Int, q: [Double], base: Pose2D, gripper: [Double], toolPoses: [Pose], privileged: WorldState? = nil) {
        self.step = step; self.q = q; self.base = base; self.gripper = gripper; self.toolPoses = toolPoses; self.privileged = privileged
    }

    /// Draws one camera's image of a world state. Policy does not render: the
    /// Episode target passes `ImageRenderer.render` (so this target stays below Render).
    public typealias CameraRenderer = @Sendable (WorldModel, WorldState, CameraSpec) -> RGBImage

    /// `cameras`: the cameras to render (a policy's `cameras`) with `render`; names
    /// the world lacks are left out, and the remote layer says which key wanted them.
    public init(_ model: WorldModel, _ state: WorldState, privileged: Bool = false, cameras: [String] = [],
                render: CameraRenderer? = nil) {
        self.init(step: state.step, q: state.q, base: state.base, gripper: state.gripper,
                  toolPoses: model.robot.arms.map { $0.chain.pose(state.q) }, privileged: privileged ? state : nil)
        if privileged { world = model }
        guard let render else { return }
        for name in cameras {
            if let c = model.camera(named: name) { images[name] = render(model, state, c) }
        }
    }

    /// The observation a policy asks for: privileged state and cameras as it says.
    public init(_ model: WorldModel, _ state: WorldState, for policy: any Policy, render: CameraRenderer?) {
        self.init(model, state, privileged: policy.wantsPrivilegedState, cameras: policy.cameras, render: render)
    }
}

public struct PolicyRequest: Sendable {
    public var instruction: String
    public var embodimentPrompt: String
    public var observation: Observation
    /// How a sampling policy (minivla) should sample this chunk; nil: its defaults.
    /// Others ignore it.
    public var sampling: Sampling?

    public init(instruction: String, embodimentPrompt: String, observation: Observation) {
        self.instruction = instruction; self.embodimentPrompt = embodimentPrompt; self.observation = observation
    }
}

/// How a flow or diffusion policy draws a chunk: the playground's `:samples`, `:flow`
/// and `:noise`. A nil field keeps the policy's own default.
public struct Sampling: Sendable, Equatable {
    /// Chunks drawn (the first is executed, the others drawn as faint worms).
    public var samples: Int?
    /// Euler steps of the flow from noise to chunk.
    public var flowSteps: Int?
    /// Seed of the noise the flow starts from (the step is added, so episodes repeat).
    public var noiseSeed: UInt64?

    public init(samples: Int? = nil, flowSteps: Int? = nil, noiseSeed: UInt64? = nil) {
        self.samples = samples; self.flowSteps = flowSteps; self.noiseSeed = noiseSeed
    }

    public static let sampleRange = 1...8
    public static let flowStepRange = 1...50
}

/// H actions of D numbers, plus what else the policy cares to say.
public struct ActionChunk: Sendable {
    public var actions: [[Double]]
    /// The policy says the task is finished: the episode ends after this chunk.
    public var done: Bool
    /// Free-form notes for the log and the TUI.
    public var notes: [String]
    public var inferenceMs: Double?
    /// A trajectory the policy itself predicts (world points), when it has one;
    /// every chunk also gets one by dry-running it (`ChunkPreview` in Episode).
    public var predictedPath: [[Double]]?
    /// Other samples of the chunk (diffusion / flow policies draw several).
    public var samples: [[[Double]]]
    /// Denoising steps the policy ran, when it is a diffusion / flow model.
    public var denoisingSteps: Int?
    /// The chosen chunk as the flow integrated it, from noise (first) to the chunk
    /// itself (last), when the policy shows it (the playground's denoising view).
    public var denoising: [[[Double]]] = []
    /// How the request travelled, when the policy is remote.
    public var remote: RemoteCallInfo?
    /// What the model read to make this chunk, in a few words (the status bar's
    /// "sees …"), when the policy says: e.g. "text 112 tok · state 17+time · no camera".
    public var inputs: String?

    public init(actions: [[Double]], done: Bool = false, notes: [String] = [], inferenceMs: Double? = nil,
                predictedPath: [[Double]]? = nil, samples: [[[Double]]] = [], denoisingSteps: Int? = nil) {
        self.actions = actions; self.done = done; self.notes = notes; self.inferenceMs = inferenceMs
        self.predictedPath = predictedPath; self.samples = samples; self.denoisingSteps = denoisingSteps
    }
}

/// One request to a network policy: where, how long, how big.
public struct RemoteCallInfo: Sendable, Equatable {
    public var endpoint: String
    /// Send to reply, as the client saw it.
    public var roundTripMs: Double
    /// The server's own figures (openpi's `server_timing.infer_ms`, `policy_timing.infer_ms`).
    public var serverInferMs: Double?
    public var policyInferMs: Double?
    /// Connections opened for this request (0: the open one was reused).
    public var connects: Int
    public var requestBytes: Int
    public var replyBytes: Int

    public init(endpoint: String, roundTripMs: Double, serverInferMs: Double? = nil, policyInferMs: Double? = nil,
                connects: Int = 0, requestBytes: Int = 0, replyBytes: Int = 0) {
        self.endpoint = endpoint; self.roundTripMs = roundTripMs; self.serverInferMs = serverInferMs
        self.policyInferMs = policyInferMs; self.connects = connects; self.requestBytes = requestBytes; self.replyBytes = replyBytes
    }

    /// "23.1 ms (server 20.4 ms)".
    public var summary: String {
        String(format: "%.1f ms", roundTripMs) + (serverInferMs.map { String(format: " (server %.1f ms)", $0) } ?? "")
    }
}

/// The one interface every policy speaks, local or remote.
public protocol Policy: Sendable {
    var name: String { get }
    /// Whether the policy needs privileged world state in its observations.
    var wantsPrivilegedState: Bool { get }
    /// The cameras whose images the policy reads; only these are rendered.
    var cameras: [String] { get }
    func act(_ request: PolicyRequest) async throws -> ActionChunk
}

extension Policy {
    public var wantsPrivilegedState: Bool { false }
    public var cameras: [String] { [] }
}

/// A policy failure, told to the user as is.
public struct PolicyError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ message: String) { description = message }
}
