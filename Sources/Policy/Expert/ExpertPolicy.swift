import Foundation
import Kinematics
import Spatial
import World

/// The built-in policy: a scripted expert with privileged state, as LIBERO's and
/// ManiSkill's demo generators are. It reads the instruction with a small grammar,
/// grounds it in the scene, plans, and emits actions in the convention the PROMPT
/// claims — so a correct prompt succeeds and a wrong one misbehaves as the linter says.
public struct ExpertPolicy: Policy {
    public let name = "expert"
    public var wantsPrivilegedState: Bool { true }

    public init() {}

    public func act(_ request: PolicyRequest) async throws -> ActionChunk {
        guard let state = request.observation.privileged, let model = request.observation.world else {
            throw PolicyError("the expert needs privileged world state")
        }
        let claim = ExpertPolicy.cache.claim(request.embodimentPrompt, robot: model.robot)
        let reading = InstructionReader.cachedRead(request.instruction, model: model, state: state)
        if let refusal = reading.refusal {
            return ActionChunk(actions: [], done: true, notes: [refusal])
        }
        var planner = ExpertPlanner(model: model, state: state, claim: claim, instruction: request.instruction, step: request.observation.step)
        planner.pathTask = reading.pathTask
        planner.route = reading.route
        switch planner.plan(reading.subtasks) {
        case .failure(let e):
            return ActionChunk(actions: [], done: true, notes: [e.description])
        case .success(let (intents, done, note)):
            var encoder = ActionEncoder(model: model, claim: claim, state: state)
            let actions = intents.map { encoder.encode($0) }
            return ActionChunk(actions: actions, done: done, notes: note.map { [$0] } ?? [])
        }
    }
}

/// Reading a prompt is pure but not free (its sentence rules): the expert asks again
/// every chunk, so the answers are kept. (Instructions: `InstructionReader.cachedRead`.)
final class ParseCache: @unchecked Sendable {
    private let lock = NSLock()
    private var claims: [String: ClaimedConvention] = [:]

    func claim(_ prompt: String, robot: RobotModel) -> ClaimedConvention {
        let key = robot.name + "\u{0}" + prompt
        lock.lock(); defer { lock.unlock() }
        if let c = claims[key] { return c }
        let c = PromptParser.parse(prompt, robot: robot).claimed
        if claims.count > 256 { claims.removeAll() }
        claims[key] = c
        return c
    }
}

extension ExpertPolicy {
    static let cache = ParseCache()
}
