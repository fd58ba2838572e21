import Foundation
import Policy
import Spatial
import World

/// Noise injection while recording (DART, Laskey et al. 2017): each step the recorded
/// policy is asked again, its first action is executed with Gaussian noise on the
/// translation channels, and the clean action is what the dataset keeps. The states
/// then wander off the expert's own path and the dataset holds the expert's way back —
/// what a learned policy needs to recover from its own small errors (without it a
/// model trained on perfect runs drifts: issue 16's closed-loop numbers).
struct NoisyExecution: Policy {
    let name = "noisy"
    let inner: any Policy
    /// Per action channel, the noise's standard deviation (0: none).
    let sigma: [Double]
    let seed: UInt64
    let clean: CleanActions
    var wantsPrivilegedState: Bool { inner.wantsPrivilegedState }
    var cameras: [String] { inner.cameras }

    /// `fraction` of each translation channel's per-step limit (the card's
    /// `max_translation`, else 0.1 m); rotations and grippers stay clean.
    init(_ inner: any Policy, robot: RobotModel, fraction: Double, seed: UInt64, clean: CleanActions) {
        self.inner = inner; self.seed = seed; self.clean = clean
        let scale = fraction * (robot.control.maxTranslation ?? 0.1)
        sigma = robot.actionLayout.map { ["x", "y", "z", "dx", "dy"].contains($0) ? scale : 0 }
    }

    func act(_ request: PolicyRequest) async throws -> ActionChunk {
        var chunk = try await inner.act(request)
        guard let first = chunk.actions.first else { return chunk }
        var rng = SeededRandom(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(request.observation.step))
        clean.record(first, at: request.observation.step)
        // Only the first action runs; a plan that ends later is not finished yet.
        if chunk.actions.count > 1 { chunk.done = false }
        chunk.actions = [zip(first, sigma).map { a, s in s > 0 ? a + s * rng.normal() : a }]
        return chunk
    }
}

/// The clean actions `NoisyExecution` chose, by step, for the recorder to keep.
final class CleanActions: @unchecked Sendable {
    private let lock = NSLock()
    private var byStep: [Int: [Double]] = [:]

    func record(_ action: [Double], at step: Int) { lock.lock(); byStep[step] = action; lock.unlock() }
    func action(at step: Int) -> [Double]? { lock.lock(); defer { lock.unlock() }; return byStep[step] }
}
