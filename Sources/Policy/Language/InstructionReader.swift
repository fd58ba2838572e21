import Foundation
import Spatial
import World

/// How one noun phrase was grounded in the scene ("bowl on the cookie box → black_bowl_3").
public struct GroundingNote: Sendable, Equatable, CustomStringConvertible {
    public var phrase: String
    public var name: String
    /// Said when the reader had to choose ("the leftmost of 2").
    public var note: String?
    public var description: String { "\(phrase) → \(name)" + (note.map { " (\($0))" } ?? "") }
}

/// What an instruction asks of this scene: its steps, the goal it will be judged by,
/// how every noun phrase was grounded and every typo corrected — or, when it cannot
/// be done, one sentence that says why (`refusal`), before anything moves.
public struct InstructionReading: Sendable {
    public var instruction: String
    public var normalized: NormalizedInstruction
    public var subtasks: [Subtask]
    public var goal: Goal?
    public var groundings: [GroundingNote]
    public var refusal: String?
    /// Trajectory scenes: the task whose path the instruction describes.
    public var pathTask: Int?
    /// Navigation: the places to visit, in order (landmark or room names).
    public var route: [String]

    /// "typo bwol → bowl · red cube → red_cube", for the status bar and the log.
    public var groundingText: String {
        (normalized.corrections.map { "typo " + $0.description } + groundings.map(\.description)).joined(separator: " · ")
    }
}

/// Reads an instruction against a scene (docs/INSTRUCTIONS.md): normalise, parse,
/// ground every reference on the starting layout, refuse what cannot be done, and
/// state the goal in the scene's predicate language.
public enum InstructionReader {
    /// The longest instruction read, in characters: real ones are under 200, and the
    /// normaliser's rewrites cost time per character (issue 15: a 1 MB word took minutes).
    public static let longestInstruction = 2_000

    public static func read(_ instruction: String, model: WorldModel, state start: WorldState) -> InstructionReading {
        if instruction.utf8.count > longestInstruction, instruction.count > longestInstruction {
            return InstructionReading(instruction: instruction, normalized: NormalizedInstruction(text: "", corrections: []), subtasks: [], goal: nil,
                                      groundings: [], refusal: "the instruction is \(instruction.count) characters long; at most \(longestInstruction) are read",
                                      pathTask: nil, route: [])
        }
        let normalized = InstructionNormalizer.normalize(instruction, vocabulary: InstructionNormalizer.vocabulary(of: model))
        var reading = InstructionReading(instruction: instruction, normalized: normalized, subtasks: [], goal: nil, groundings: [],
                                         refusal: nil, pathTask: nil, route: [])
        if model.scene.family == .trajectory {
            return readPath(reading, model: model, start: start)
        }
        reading.subtasks = InstructionParser.parse(normalized.text, arms: model.robot.arms.count)
        guard !reading.subtasks.isEmpty else {
            let shown = instruction.trimmingCharacters(in: .whitespacesAndNewlines)
            reading.refusal = shown.isEmpty
                ? "the instruction is empty: say what to do, e.g. \"\(model.scene.tasks.first?.instruction ?? "pick up the cube")\""
                : "I could not read \"\(shown.prefix(80))\": I found no action in it (try pick up, put … on/in …, stack, hand over, go to, trace)"
            return reading
        }
        var goals = GoalBuilder(model: model, state: start)
        for sub in reading.subtasks {
            if let problem = goals.add(sub) {
                reading.refusal = problem
                reading.groundings = goals.notes
                // "put the bowl on the stove on the plate": when the first place does not
                // single out the thing, it may say where the thing is ("the bowl from the stove").
                if problem.contains("could be"), let retry = describingFirstPlace(normalized.text) {
                    var alternative = read(retry, model: model, state: start)
                    if alternative.refusal == nil {
                        alternative.instruction = instruction
                        alternative.normalized.corrections = normalized.corrections
                        return alternative
                    }
                }
                return reading
            }
        }
        reading.groundings = goals.notes
        reading.route = goals.route
        reading.goal = goals.goal
        return reading
    }

    /// The task a reading is judged as: the scene task's budget and (for paths) its
    /// reference, with the reading's own goal. Nil when the reading was refused.
    public static func judgedTask(_ reading: InstructionReading, model: WorldModel, base: TaskSpec) -> TaskSpec? {
        guard reading.refusal == nil else { return nil }
        if let k = reading.pathTask { return model.scene.tasks[k] }
        guard let goal = reading.goal else { return nil }
        var task = TaskSpec(instruction: reading.instruction, goalText: goal.description, goal: goal, maxSteps: base.maxSteps, line: base.line)
        if model.scene.family == .navigation, let map = model.scene.map {
            var current = map.cell(at: Vec3(model.scene.robotStart.x, model.scene.robotStart.y, 0))
            var cells = [current]
            for stop in reading.route {
                guard case .success(let leg) = SceneRules.routeLeg(to: stop, from: current, map: map, regions: model.scene.regions) else { return nil }
                cells += leg.cells
                current = leg.target
            }
            task.referencePath = cells.map { map.center(of: $0) }
            task.pathSubject = .base
            // The scene's own budget: about 3 × the reference length at 0.13 m per step.
            task.maxSteps = max(base.maxSteps, clampedInt(3 * Metrics.pathLength(task.referencePath) / 0.13, .towardZero))
        } else if model.scene.family == .mobileManipulation {
            task.maxSteps = max(base.maxSteps, 600)
        }
        return task
    }

    /// The text with its first "on the" / "in the" read as where the thing is
    /// ("from the"), when another place follows; nil when there is none.
    static func describingFirstPlace(_ text: String) -> String? {
        let t = " " + text + " "
        for marker in [" on the ", " in the "] {
            guard let r = t.range(of: marker) else { continue }
            let rest = t[r.upperBound...]
            guard [" on the ", " in the ", " onto ", " into ", " to the "].contains(where: { rest.contains($0) }) else { continue }
            return String(t[..<r.lowerBound] + " from the " + rest).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    /// Two goals are the same when their conjuncts are, in any order.
    public static func sameGoal(_ a: Goal, _ b: Goal) -> Bool { conjuncts(a) == conjuncts(b) }

    static func conjuncts(_ g: Goal) -> [String] {
        switch g {
        case .all(let gs): return gs.flatMap(conjuncts).sorted()
        case .near(let a, let b, let d): return ["near(\(a), \(b), \(String(format: "%.2f", d)))"]
        default: return [g.description]
        }
    }

    /// Trajectory scenes trace the paths they define: the instruction picks the task
    /// whose wording it shares most (shape words count double).
    static func readPath(_ reading: InstructionReading, model: WorldModel, start: WorldState) -> InstructionReading {
        var reading = reading
        let words = Set(reading.normalized.text.split(separator: " ").map { Grounder.normalize(String($0)) })
        // Shapes and motions: a shared one counts most; one the task has and the
        // instruction lacks counts against it.
        let concepts: [String: Set<String>] = [
            "square": ["square", "box"], "circle": ["circle", "circular", "round", "ring", "loop", "360"], "triangle": ["triangle", "triangular"],
            "eight": ["eight", "8", "figure"], "raise": ["raise", "lift", "up", "upward", "upwards", "rise", "vertical", "vertically", "higher"],
            "line": ["line", "sideways", "slide", "left", "straight"], "ahead": ["ahead", "forward", "forwards", "straight"],
        ]
        func conceptsOf(_ w: Set<String>) -> Set<String> { Set(concepts.filter { !$0.value.isDisjoint(with: w) }.map(\.key)) }
        let mine = conceptsOf(words)
        func score(_ t: TaskSpec) -> Double {
            let task = Set(InstructionNormalizer.normalize(t.instruction, vocabulary: []).text.split(separator: " ").map { Grounder.normalize(String($0)) })
            let shared = words.intersection(task).subtracting(InstructionParser.stopWords)
            let theirs = conceptsOf(task)
            return Double(shared.count) + 6 * Double(mine.intersection(theirs).count) - 4 * Double(theirs.subtracting(mine).count)
        }
        // The body must fit the words: no arm to raise, no base to drive.
        let parsed = InstructionParser.parse(reading.normalized.text, arms: model.robot.arms.count)
        let motion: Set<String> = ["straight", "forward", "forwards", "ahead", "back", "backward", "backwards", "left", "right", "up", "down", "around",
                                   "circle", "square", "loop", "line", "meter", "meters", "metre", "metres", "m", "cm", "robot", "base", "yourself", "slowly"]
        func isThing(_ r: Reference) -> Bool { r.words.contains { !motion.contains($0) && !$0.contains(where: \.isNumber) } }
        let handles = parsed.contains {
            switch $0 {
            case .pick(let r, _), .handover(let r, _): return isThing(r)
            case .place(let r, _, _, _), .placeBeside(let r, _, _, _): return isThing(r)
            default: return false
            }
        }
        let said = Set(reading.instruction.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init))
        if model.robot.arms.isEmpty && (handles || !said.isDisjoint(with: ["gripper", "arm", "hand", "claw", "effector"])) {
            reading.refusal = "\(model.robot.name) has no arm: it cannot move a gripper or handle things; it traces paths by driving"
            return reading
        }
        if model.robot.mobileBase == nil && !said.isDisjoint(with: ["drive", "walk", "roll", "navigate", "meter", "meters", "metre", "metres", "m"]) && !said.contains("gripper") {
            reading.refusal = "\(model.robot.name) cannot drive: it is fixed to the table; it traces paths with its gripper"
            return reading
        }
        let scored = model.scene.tasks.indices.filter { !model.scene.tasks[$0].referencePath.isEmpty }.map { ($0, score(model.scene.tasks[$0])) }
        guard let best = scored.max(by: { $0.1 < $1.1 }), best.1 > 0 || scored.count == 1 else {
            reading.refusal = "I could not read \"\(reading.instruction.prefix(80))\" as one of this scene's paths: it traces "
                + model.scene.tasks.map { "\"\($0.instruction)\"" }.joined(separator: ", ")
            return reading
        }
        let ties = scored.filter { $0.1 == best.1 }
        // A path this body cannot follow is refused before anything moves: the arm must
        // reach its points holding the tool as it does (another robot than the scene's).
        let task = model.scene.tasks[best.0]
        if task.pathSubject == .endEffector, !model.robot.arms.isEmpty {
            let base = model.basePose(model.prepared(start, for: task))
            if let far = SceneRules.firstUnfollowable(task.referencePath, robot: model.robot, basePose: base) {
                reading.refusal = String(format: "the path of task %d passes [%.2f, %.2f, %.2f], out of %@'s reach from where it stands", best.0, far.x, far.y, far.z, model.robot.name)
                return reading
            }
        }
        reading.pathTask = best.0
        reading.subtasks = [.followPath]
        reading.goal = model.scene.tasks[best.0].goal
        let note = ties.count > 1 ? "closest of \(ties.count) equally close paths" : nil
        reading.groundings = [GroundingNote(phrase: "path", name: "task \(best.0 + 1): \(model.scene.tasks[best.0].instruction)", note: note)]
        return reading
    }
}
