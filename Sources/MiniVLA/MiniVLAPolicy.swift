import Foundation
import Policy
import Spatial
import World

/// config.json as the trainer writes it (python/minivla/io.py); other keys are ignored.
public struct MiniVLAFileConfig: Codable, Sendable {
    public struct RobotNorm: Codable, Sendable {
        public var action_center: [Float]
        public var action_half_range: [Float]
        public var state_mean: [Float]
        public var state_std: [Float]
        public var action_dim: Int
    }
    public struct Flow: Codable, Sendable { public var steps: Int }
    public var model: MiniVLAConfig
    public var normalisation: [String: RobotNorm]
    public var flow: Flow
}

/// A loaded minivla: network, tokenizer and normalisation. Built from the three files'
/// bytes; reading them is the caller's (Assets' `ModelFiles`).
public struct MiniVLA: Sendable {
    public static let files = ["model.safetensors", "config.json", "vocab.json"]
    public let model: MiniVLAModel
    public let tokenizer: MiniVLATokenizer
    public let fileConfig: MiniVLAFileConfig

    public init(weights: [UInt8], config: [UInt8], vocabulary: [UInt8]) throws {
        do { fileConfig = try JSONDecoder().decode(MiniVLAFileConfig.self, from: Data(config)) }
        catch { throw ModelFormatError("minivla config.json: \(error)") }
        let words: [String]
        do { words = try JSONDecoder().decode([String].self, from: Data(vocabulary)) }
        catch { throw ModelFormatError("minivla vocab.json: not a JSON list of words (\(error))") }
        model = try MiniVLAModel(config: fileConfig.model, tensors: try SafeTensors.parse(weights))
        guard words.count == model.vocabularySize else {
            throw ModelFormatError("minivla: vocab.json has \(words.count) words, the weights embed \(model.vocabularySize)")
        }
        tokenizer = MiniVLATokenizer(vocabulary: words)
    }

    /// `read(name)` returns the bytes of one of `files` in the model's folder.
    public static func load(read: (String) throws -> [UInt8]) throws -> MiniVLA {
        try MiniVLA(weights: try read("model.safetensors"), config: try read("config.json"), vocabulary: try read("vocab.json"))
    }

    /// The text the model reads: the embodiment prompt, which holds the instruction
    /// (Qwen-VLA's template); when it does not, the instruction is appended.
    public static func text(prompt: String, instruction: String) -> String {
        prompt.contains(instruction) ? prompt : prompt + " " + instruction
    }

    /// Gaussian noise [horizon × action_dim] (Box–Muller over `SeededRandom`).
    public func noise(seed: UInt64) -> [Float] {
        var rng = SeededRandom(seed: seed)
        let n = model.config.horizon * model.config.action_dim
        var out = [Float](); out.reserveCapacity(n)
        while out.count < n {
            let u1 = max(rng.unit(), 1e-12), u2 = rng.unit()
            let r = (-2 * log(u1)).squareRoot()
            out.append(Float(r * cos(2 * .pi * u2)))
            if out.count < n { out.append(Float(r * sin(2 * .pi * u2))) }
        }
        return out
    }
}

/// minivla as a `Policy`: tokenises prompt + instruction, normalises the proprioceptive
/// state (`stateVector`, as recorded), encodes the context once, integrates the
/// flow from seeded noise (seed + step, so episodes repeat), and decodes the padded chunk
/// to the robot's true action layout with its mask: the first `actionDimension`
/// channels, de-normalised with the robot's statistics, the first `control.chunk` steps.
public struct MiniVLAPolicy: Policy {
    public let name = "minivla"
    public let vla: MiniVLA
    public let robot: RobotModel
    public let norm: MiniVLAFileConfig.RobotNorm
    public let normRobot: String
    public var steps: Int
    public var samples: Int
    public var seed: UInt64

    public init(_ vla: MiniVLA, robot: RobotModel, steps: Int? = nil, samples: Int = 1, seed: UInt64 = 0) throws {
        self.vla = vla; self.robot = robot
        self.steps = max(1, steps ?? vla.fileConfig.flow.steps); self.samples = max(1, samples); self.seed = seed
        let known = vla.fileConfig.normalisation
        let dim = robot.actionDimension
        guard dim <= vla.model.config.action_dim else {
            throw PolicyError("minivla: \(robot.name) has \(dim) action channels, the model's unified space \(vla.model.config.action_dim)")
        }
        if let n = known[robot.name] { norm = n; normRobot = robot.name }
        else if let (k, n) = known.sorted(by: { $0.key < $1.key }).first(where: { $0.value.action_dim == dim }) { norm = n; normRobot = k }
        else {
            throw PolicyError("minivla was trained on \(known.keys.sorted().joined(separator: ", ")); none has \(robot.name)'s \(dim) action channels")
        }
    }

    public func act(_ request: PolicyRequest) async throws -> ActionChunk {
        let t0 = DispatchTime.now().uptimeNanoseconds
        let cfg = vla.model.config
        let tokens = vla.tokenizer.encode(MiniVLA.text(prompt: request.embodimentPrompt, instruction: request.instruction), maxTokens: cfg.max_tokens)
        let state = stateVector(request.observation)
        let ctx = vla.model.encode(tokens: tokens, state: state)
        let samples = Sampling.sampleRange.clamped(request.sampling?.samples ?? self.samples)
        let steps = Sampling.flowStepRange.clamped(request.sampling?.flowSteps ?? self.steps)
        let seed = request.sampling?.noiseSeed ?? self.seed
        var chunks: [[[Double]]] = []
        var path: [[[Double]]] = []
        for k in 0..<samples {
            let noise = vla.noise(seed: seed &+ UInt64(request.observation.step) &* 1_000_003 &+ UInt64(k))
            if k == 0 { path.append(decode(noise)) }
            // The first sample's flow, step by step, for the playground's denoising view.
            chunks.append(decode(vla.model.sample(ctx, noise: noise, steps: steps, trace: k == 0 ? { _, x in path.append(self.decode(x)) } : nil)))
        }
        let ms = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
        var notes = ["\(tokens.count) tokens, \(steps) flow steps, \(samples) sample\(samples == 1 ? "" : "s"), noise seed \(seed)"]
        if normRobot != robot.name { notes.append("not trained on \(robot.name); using \(normRobot)'s action scale") }
        let done = request.observation.step > 0 && holdsStill(chunks[0])
        if done { notes.append("the chunk holds still: done") }
        var chunk = ActionChunk(actions: chunks[0], done: done, notes: notes, inferenceMs: ms, samples: Array(chunks.dropFirst()), denoisingSteps: steps)
        chunk.denoising = path
        chunk.inputs = "text \(tokens.count) tok · state \(ProprioState.recorded(request.observation, robot: robot).count)+time · no camera"
        return chunk
    }

    /// The model's state input, normalised: `ProprioState.recorded` zero-padded, and in the
    /// last slot the seconds since the episode began (the dataset's `timestamp`) — on a
    /// path that returns to its start, where the tool is does not say whether the path
    /// is beginning or done.
    public func stateVector(_ o: Observation) -> [Float] {
        let n = vla.model.config.state_dim
        var raw = [Float](repeating: 0, count: n)
        for (i, v) in ProprioState.recorded(o, robot: robot).prefix(n - 1).enumerated() { raw[i] = Float(v) }
        raw[n - 1] = Float(Double(o.step) / max(robot.control.frequencyHz, 1e-9))
        return (0..<n).map { (raw[$0] - norm.state_mean[$0]) / norm.state_std[$0] }
    }

    /// Whether a chunk moves nowhere: every motion channel within 5 % of its trained
    /// range of zero, for a body whose actions are all relative (a zero is "stay").
    /// The model learned to hold where the expert finished (steps past an episode's end
    /// are trained as holds, python/minivla/data.py), so a still chunk is its "done".
    public func holdsStill(_ actions: [[Double]]) -> Bool {
        let relative: Set<ControlMode> = [.jointDelta, .eeDelta, .baseWaypoint, .baseVelocity]
        guard relative.contains(robot.control.mode), robot.control.baseMode.map(relative.contains) ?? true else { return false }
        let grippers = Set(robot.control.grippers.map(\.channel))
        return actions.allSatisfy { a in
            a.indices.allSatisfy { j in grippers.contains(j) || abs(a[j]) <= 0.05 * Double(norm.action_half_range[j]) }
        }
    }

    /// The padded, normalised chunk → the robot's actions (mask: first D channels).
    public func decode(_ chunk: [Float]) -> [[Double]] {
        let A = vla.model.config.action_dim, D = robot.actionDimension
        let H = min(robot.control.chunk, vla.model.config.horizon)
        return (0..<H).map { h in
            (0..<D).map { j in Double(max(-1, min(1, chunk[h * A + j])) * norm.action_half_range[j] + norm.action_center[j]) }
        }
    }
}

extension ClosedRange where Bound == Int {
    /// The value moved into the range.
    func clamped(_ v: Int) -> Int { Swift.min(Swift.max(v, lowerBound), upperBound) }
}
