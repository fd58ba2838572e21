import Foundation
import Kinematics
import Spatial
import World

/// Plans the next chunk of intents from the current (privileged) state: finds the
/// first unfinished subtask and hands it to its family's plan (ManipulationPlan,
/// BimanualPlan, NavigationPlan, TrajectoryPlan).
struct ExpertPlanner {
    let model: WorldModel
    let state: WorldState
    let claim: ClaimedConvention
    let instruction: String
    let step: Int
    let grounder: Grounder
    /// Trajectory scenes: the task whose path the instruction describes.
    var pathTask: Int?
    /// Navigation: the places to visit as the reader grounded them ("the table in the
    /// living room" is one place).
    var route: [String] = []

    init(model: WorldModel, state: WorldState, claim: ClaimedConvention, instruction: String, step: Int) {
        self.model = model; self.state = state; self.claim = claim; self.instruction = instruction; self.step = step
        grounder = Grounder(model: model, state: state)
    }

    var horizon: Int { max(1, claim.chunk ?? model.robot.control.chunk) }
    var hz: Double { claim.frequencyHz ?? model.robot.control.frequencyHz }
    var armStep: Double {
        let limit = (claim.maxTranslation ?? model.robot.control.maxTranslation).map { 0.9 * $0 } ?? .infinity
        return min(limit, 0.3 / hz)
    }
    var baseStep: Double {
        let top = model.robot.mobileBase?.maxLinear ?? 0.3
        let limit = (model.robot.control.mode.isBase ? (claim.maxTranslation ?? model.robot.control.maxTranslation) : nil).map { 0.9 * $0 } ?? .infinity
        return min(limit, 0.8 * top / hz)
    }
    var turnStep: Double {
        let top = model.robot.mobileBase?.maxAngular ?? 1
        let limit = (model.robot.control.mode.isBase ? (claim.maxRotation ?? model.robot.control.maxRotation) : nil).map { 0.9 * $0 } ?? .infinity
        return min(limit, 0.8 * top / hz)
    }

    typealias Plan = Result<([Intent], Bool, String?), PolicyError>

    /// Driving somewhere before handling things is left to the handling, which drives
    /// where it must; the goal (InstructionReader) still says where the robot ends.
    static func planningOrder(_ subtasks: [Subtask]) -> [Subtask] {
        var out: [Subtask] = []
        var stops: [Reference] = []
        func placed(_ sub: Subtask) -> Reference? {
            switch sub {
            case .place(let r, _, _, _), .placeBeside(let r, _, _, _): return r
            default: return nil
            }
        }
        for (k, sub) in subtasks.enumerated() {
            // A thing put somewhere and then somewhere else goes straight to the last place.
            if let r = placed(sub), subtasks[(k + 1)...].contains(where: { placed($0) == r }) { continue }
            guard case .navigate(let s) = sub else { out.append(sub); continue }
            let placesLater = subtasks[(k + 1)...].contains { if case .place = $0 { return true }; if case .placeBeside = $0 { return true }; return false }
            if !placesLater { stops += s }
        }
        if !stops.isEmpty { out.append(.navigate(stops)) }
        return out
    }

    mutating func plan(_ subtasks: [Subtask]) -> Plan {
        let subtasks = ExpertPlanner.planningOrder(subtasks)
        var lastObject: Int?
        for (k, sub) in subtasks.enumerated() {
            switch sub {
            case .followPath:
                return followPath()
            case .navigate(let stops):
                return navigate(stops)
            case .pick(let ref, let arm):
                guard case .success(let i) = resolve(ref, last: lastObject) else { return .failure(error(ref)) }
                lastObject = i
                let a = chooseArm(arm, near: state.objects[i].pose.translation)
                if let held = state.objects[i].heldBy, held == a || arm == nil {
                    // Already in hand: lift it clear if it is still low, then this step is done.
                    if model.toolPose(state, arm: held).translation.z >= safeHeight(ignoring: i) - 0.03 || k + 1 < subtasks.count { continue }
                    return .success((moveArm(held, to: [liftPoint(held)], open: false), false, nil))
                }
                return pickPlan(i, arm: a)
            case .place(let ref, let on, let targetRef, let arm):
                var target: Grounded
                switch grounder.thing(targetRef) {
                case .success(let g): target = g
                case .failure(let e): return .failure(e)
                }
                // "on the microwave" is on its shell, not in its inside.
                if on, case .part(let k) = target, model.scene.parts[k].cavity != nil, let m = model.scene.parts[k].mount { target = .fixture(m) }
                var objects: [Int] = []
                if ref.plural { objects = grounder.objects(ref) }
                if objects.isEmpty {
                    guard case .success(let i) = resolve(ref, last: lastObject) else { return .failure(error(ref)) }
                    objects = [i]
                }
                lastObject = objects.last
                // One object at a time: the one in hand first, then the rest in order.
                let ordered = objects.sorted { (state.objects[$0].heldBy != nil ? 0 : 1) < (state.objects[$1].heldBy != nil ? 0 : 1) }
                if let i = ordered.first(where: { !satisfied($0, on: on, target: target) }) {
                    let a = state.objects[i].heldBy ?? chooseArm(arm, near: state.objects[i].pose.translation)
                    return placePlan(i, on: on, target: target, arm: a)
                }
            case .placeBeside(let ref, let relation, let anchorRef, let arm):
                guard case .success(let i) = resolve(ref, last: lastObject) else { return .failure(error(ref)) }
                lastObject = i
                guard case .success(let anchor) = grounder.thing(anchorRef), let spot = besideSpot(i, relation, anchor) else {
                    return .failure(PolicyError("I don't know where '\(relation.rawValue) \(anchorRef)' is"))
                }
                let p = state.objects[i].pose.translation
                if state.objects[i].heldBy == nil && GoalEvaluator.support(of: i, model, state) != nil
                    && ((p.x - spot.x) * (p.x - spot.x) + (p.y - spot.y) * (p.y - spot.y)).squareRoot() < 0.04 { continue }
                let a = state.objects[i].heldBy ?? chooseArm(arm, near: p)
                return placeAt(i, spot: spot, arm: a)
            case .operate(let ref, let action):
                let part: Int
                switch grounder.part(ref, operable: true) {
                case .success(let found)?: part = found
                case .failure(let e)?: return .failure(e)
                case nil: return .failure(PolicyError("I don't know which drawer, door, knob or button '\(ref)' is"))
                }
                // Done, and let go of (or a later step takes the same handle on).
                let later = subtasks[(k + 1)...].contains { sub in
                    if case .operate(let r, _) = sub, case .success(let other)? = grounder.part(r, operable: true) { return other == part }
                    return false
                }
                if isDone(part, action) && (state.parts[part].heldBy == nil || later) { continue }
                let a = state.parts[part].heldBy ?? chooseArm(nil, near: model.scene.parts[part].handlePoint(state.parts[part].value))
                return operatePlan(part, action, arm: a)
            case .handover(let ref, let to):
                guard case .success(let i) = resolve(ref, last: lastObject) else { return .failure(error(ref)) }
                lastObject = i
                guard model.robot.arms.count == 2 else { return .failure(PolicyError("a handover needs two arms; \(model.robot.name) has \(model.robot.arms.count)")) }
                let receiver = to.flatMap { n in model.robot.arms.firstIndex { $0.name == n } } ?? (state.objects[i].heldBy == 0 ? 1 : 0)
                let giver = 1 - receiver
                if state.objects[i].heldBy == receiver && isGripperOpen(state.gripper[giver]) { continue }
                return handoverPlan(i, from: giver, to: receiver)
            }
        }
        // Everything is done: a last chunk that lets go and says so.
        var intent = hold()
        intent.stop = true
        return .success(([intent], true, "done"))
    }

    func error(_ ref: Reference) -> PolicyError {
        if case .failure(let e) = grounder.object(ref) { return e }
        return PolicyError("I don't know which object '\(ref)' is")
    }

    func resolve(_ ref: Reference, last: Int?) -> Result<Int, PolicyError> {
        if (ref.isPronoun || ref.words.isEmpty), let last { return .success(last) }
        return grounder.object(ref)
    }

    /// The named arm, else the one whose home tool point is nearest the object.
    func chooseArm(_ name: String?, near p: Vec3) -> Int {
        if let name, let a = model.robot.arms.firstIndex(where: { $0.name == name }) { return a }
        let base = model.basePose(state)
        return model.robot.arms.indices.min { a, b in
            length(base * model.robot.arms[a].chain.pose(model.robot.home).translation - p)
                < length(base * model.robot.arms[b].chain.pose(model.robot.home).translation - p)
        } ?? 0
    }

    func satisfied(_ i: Int, on: Bool, target: Grounded) -> Bool {
        guard state.objects[i].heldBy == nil else { return false }
        switch target {
        case .object(let j):
            let name = model.objects[j].name
            return on ? GoalEvaluator.support(of: i, model, state) == name : GoalEvaluator.evaluate(.inside(model.objects[i].name, name), model, state)
        case .fixture(let f): return GoalEvaluator.support(of: i, model, state) == f
        case .region(let r): return GoalEvaluator.evaluate(.at(model.objects[i].name, r), model, state) && GoalEvaluator.support(of: i, model, state) != nil
        case .part(let k): return GoalEvaluator.evaluate(.inside(model.objects[i].name, model.scene.parts[k].name), model, state)
        case .landmark: return false
        }
    }

    /// Every arm stays, grippers as they are: the base every intent starts from.
    func hold() -> Intent {
        Intent(tools: Array(repeating: nil, count: model.robot.arms.count), open: state.gripper.map(isGripperOpen), base: nil)
    }
}
