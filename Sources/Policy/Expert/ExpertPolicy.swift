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
        // A path task's shape lives in the scene, not in its words: trace the scene's path.
        let isPathTask = model.scene.tasks.contains { $0.instruction.lowercased() == request.instruction.lowercased() && $0.pathSubject != nil && model.scene.family == .trajectory }
        let subtasks = isPathTask ? [Subtask.followPath] : ExpertPolicy.cache.subtasks(request.instruction)
        var planner = ExpertPlanner(model: model, state: state, claim: claim, instruction: request.instruction, step: request.observation.step)
        guard !subtasks.isEmpty else {
            return ActionChunk(actions: [], done: true, notes: ["I could not read the instruction \"\(request.instruction)\": try verbs like pick up, put, stack, hand over, go to, trace"])
        }
        switch planner.plan(subtasks) {
        case .failure(let e):
            return ActionChunk(actions: [], done: true, notes: [e.description])
        case .success(let (intents, done, note)):
            var encoder = ActionEncoder(model: model, claim: claim, state: state)
            let actions = intents.map { encoder.encode($0) }
            return ActionChunk(actions: actions, done: done, notes: note.map { [$0] } ?? [])
        }
    }
}

/// Parsing a prompt or an instruction is pure but not free (regular expressions):
/// the expert asks again every chunk, so the answers are kept.
final class ParseCache: @unchecked Sendable {
    private let lock = NSLock()
    private var claims: [String: ClaimedConvention] = [:]
    private var plans: [String: [Subtask]] = [:]

    func claim(_ prompt: String, robot: RobotModel) -> ClaimedConvention {
        let key = robot.name + "\u{0}" + prompt
        lock.lock(); defer { lock.unlock() }
        if let c = claims[key] { return c }
        let c = PromptParser.parse(prompt, robot: robot).claimed
        if claims.count > 256 { claims.removeAll() }
        claims[key] = c
        return c
    }

    func subtasks(_ instruction: String) -> [Subtask] {
        lock.lock(); defer { lock.unlock() }
        if let p = plans[instruction] { return p }
        let p = InstructionParser.parse(instruction)
        if plans.count > 256 { plans.removeAll() }
        plans[instruction] = p
        return p
    }
}

extension ExpertPolicy {
    static let cache = ParseCache()
}
