import Foundation
import Spatial
import World

/// What a reference turned out to name.
public enum Grounded: Sendable, Equatable {
    case object(Int)
    case fixture(String)
    case region(String)
    case landmark(String)
    /// An articulated part (`SceneModel.parts` index): a drawer to put things in.
    case part(Int)

    public var name: String {
        switch self {
        case .object(let i): return "object \(i)"
        case .part(let k): return "part \(k)"
        case .fixture(let n), .region(let n), .landmark(let n): return n
        }
    }
}

/// Finds the thing a noun phrase names in the scene, by name, colour, category,
/// relation and ordinal — or says clearly why it cannot.
public struct Grounder {
    let model: WorldModel
    /// Instructions describe the scene as it was laid out: relations ("the bowl on
    /// the cookie box") are judged on the starting layout, so they keep naming the
    /// same object after it has been moved.
    let state: WorldState

    init(model: WorldModel, state: WorldState) {
        self.model = model
        self.state = WorldState(q: state.q, base: state.base, gripper: state.gripper,
                                objects: model.objects.map { ObjectState(pose: $0.start) },
                                parts: model.scene.parts.map { PartState(value: $0.start) })
    }

    static let synonyms: [String: [String]] = [
        "block": ["cube", "brick"], "cube": ["block"], "mug": ["cup"], "cup": ["mug"], "can": ["tin"],
        "tin": ["can"], "bin": ["basket"], "basket": ["bin"], "dish": ["plate"], "plate": ["dish"], "container": ["bowl", "basket"],
        "couch": ["sofa"], "sofa": ["couch"], "refrigerator": ["fridge"], "fridge": ["refrigerator"], "television": ["tv"],
        "tv": ["television"], "grey": ["gray"], "gray": ["grey"], "tray": ["plate"], "countertop": ["counter"],
    ]

    func words(of i: Int) -> Set<String> {
        let o = model.objects[i]
        var w = Set(o.name.split(separator: "_").map(String.init))
        w.insert(o.color)
        o.category.split(separator: " ").forEach { w.insert(String($0)) }
        w.insert(o.shape.name)
        return w
    }

    static func normalize(_ w: String) -> String {
        if w.count > 3 && w.hasSuffix("es") && (w.hasSuffix("xes") || w.hasSuffix("ches")) { return String(w.dropLast(2)) }
        if w.count > 3 && w.hasSuffix("s") && !w.hasSuffix("ss") { return String(w.dropLast()) }
        return w
    }

    static func matches(_ word: String, _ vocabulary: Set<String>) -> Bool {
        let w = normalize(word)
        if vocabulary.contains(w) || vocabulary.contains(word) { return true }
        return (synonyms[w] ?? []).contains { vocabulary.contains($0) }
    }

    /// The objects whose descriptions contain every content word of the phrase. A
    /// word that names the object itself (its name or category: "bowl" for
    /// black_bowl_1) beats one that only matches its shape or a synonym (the ramekin is
    /// bowl-shaped; a cream cheese box is a "box" but not a "cube"). Size words and
    /// the like are dropped when keeping them would match nothing.
    func candidates(_ ref: Reference) -> [Int] {
        var content = ref.words.filter { !["left", "right", "side", "other"].contains($0) }
        guard !content.isEmpty else { return [] }
        func all(_ words: [String]) -> [Int] { model.objects.indices.filter { i in words.allSatisfy { Grounder.matches($0, self.words(of: i)) } } }
        var found = all(content)
        if found.isEmpty {
            content.removeAll { Grounder.modifiers.contains($0) }
            if !content.isEmpty { found = all(content) }
        }
        let named = found.filter { i in content.allSatisfy { w in self.nameWords(of: i).contains(Grounder.normalize(w)) || self.nameWords(of: i).contains(w) } }
        return named.isEmpty ? found : named
    }

    /// Size, material and other words that rarely name a thing.
    static let modifiers: Set<String> = ["little", "small", "big", "large", "tiny", "tall", "short", "round", "empty", "full", "whole", "single",
                                         "plastic", "metal", "ceramic", "glass", "same", "lone", "only", "remaining", "last", "new", "old", "paper", "cardboard"]

    /// Words of an object's name, colour and category (not its shape or synonyms).
    func nameWords(of i: Int) -> Set<String> {
        let o = model.objects[i]
        var w = Set(o.name.split(separator: "_").map(String.init))
        w.insert(o.color)
        o.category.split(separator: " ").forEach { w.insert(String($0)) }
        return w
    }

    /// Robot-relative directions: "left" and "front" as the robot sees the table.
    var leftDirection: Vec3 {
        let arms = model.robot.arms
        if arms.count == 2 {
            let l = model.basePose(state) * arms[0].chain.pose(model.robot.home).translation
            let r = model.basePose(state) * arms[1].chain.pose(model.robot.home).translation
            let d = Vec3(l.x - r.x, l.y - r.y, 0)
            if length(d) > 1e-6 { return Spatial.normalize(d) }
        }
        // One arm: "left" as the arm works, from its base toward its home tool point
        // (an arm whose home pose points backwards is turned around to face the table).
        if arms.count == 1 {
            let base = model.basePose(state)
            let t = base * arms[0].chain.pose(model.robot.home).translation
            let facing = Vec3(t.x - base.translation.x, t.y - base.translation.y, 0)
            if length(facing) > 0.05 { let f = Spatial.normalize(facing); return Vec3(-f.y, f.x, 0) }
        }
        return Vec3(-sin(state.base.yaw), cos(state.base.yaw), 0)
    }
    /// Toward the robot: "left" turned a quarter turn counter-clockwise.
    var frontDirection: Vec3 { let l = leftDirection; return Vec3(-l.y, l.x, 0) }

    /// How far a thing reaches out from its centre on the table (its larger half
    /// footprint): "beside" spots and "next to" distances start there.
    func halfSize(_ g: Grounded) -> Double {
        switch g {
        case .object(let j): return max(model.objects[j].shape.halfFootprint.x, model.objects[j].shape.halfFootprint.y)
        case .fixture(let f): return model.scene.fixture(f).map { max($0.size.x, $0.size.y) / 2 } ?? 0.05
        case .part(let k): return max(model.scene.parts[k].size.x, model.scene.parts[k].size.y) / 2
        default: return 0.05
        }
    }

    func position(_ g: Grounded) -> Vec3? {
        switch g {
        case .object(let i): return state.objects[i].pose.translation
        case .fixture(let n): return model.scene.fixture(n)?.center
        case .region(let n): return model.scene.region(n).map { Vec3($0.center.x, $0.center.y, 0) }
        case .landmark(let n): return model.scene.map?.landmark(n)?.center
        case .part(let k): return model.scene.parts[k].center
        }
    }

    /// Grounds a phrase to one object, or explains why not.
    public func object(_ ref: Reference) -> Result<Int, PolicyError> {
        var found = candidates(ref)
        if found.isEmpty { return .failure(PolicyError(missing(ref))) }
        if let relation = ref.relation {
            var anchorPoints: [Vec3] = []
            var anchorIDs: [Grounded] = []
            for a in ref.anchors {
                switch thing(a) {
                case .success(let g): if let p = position(g) { anchorPoints.append(p); anchorIDs.append(g) }
                case .failure(let e): return .failure(e)
                }
            }
            guard !anchorPoints.isEmpty else { return .failure(PolicyError("I can't find what '\(ref)' is relative to")) }
            found.removeAll { i in anchorIDs.contains(.object(i)) }
            let p = { (i: Int) in self.state.objects[i].pose.translation }
            let flat = { (v: Vec3) in Vec3(v.x, v.y, 0) }
            switch relation {
            case .between:
                let mid = anchorPoints.reduce(Vec3.zero, +) / Double(anchorPoints.count)
                found.sort { length(flat(p($0) - mid)) < length(flat(p($1) - mid)) }
            case .nearest:
                // Beside, not on top of: things resting on the anchor are not "next to" it.
                let anchorNames = anchorIDs.compactMap { g -> String? in if case .object(let j) = g { return model.objects[j].name } else { return nil } }
                found.removeAll { anchorNames.contains(GoalEvaluator.support(of: $0, model, state) ?? "") }
                found.sort { length(flat(p($0) - anchorPoints[0])) < length(flat(p($1) - anchorPoints[0])) }
            case .leftOf, .rightOf, .behind, .inFrontOf:
                let dir: Vec3 = relation == .leftOf ? leftDirection : (relation == .rightOf ? -leftDirection : (relation == .inFrontOf ? frontDirection : -frontDirection))
                // Within a 45° cone of the direction, then the best aligned and closest.
                func cost(_ i: Int) -> Double {
                    let d = flat(p(i) - anchorPoints[0])
                    let along = dot(d, dir)
                    return along + 2 * length(d - dir * along)
                }
                found = found.filter { i in
                    let d = flat(p(i) - anchorPoints[0])
                    let along = dot(d, dir)
                    return along > 0.01 && length(d - dir * along) <= along
                }
                found.sort { cost($0) < cost($1) }
            case .on, .inside:
                guard case .object(let a)? = anchorIDs.first else {
                    if case .fixture(let f)? = anchorIDs.first { found = found.filter { GoalEvaluator.support(of: $0, model, state) == f } }
                    break
                }
                let name = model.objects[a].name
                found = found.filter { GoalEvaluator.support(of: $0, model, state) == name }
            }
            guard let best = found.first else {
                let plain = candidates(ref).filter { !model.objects[$0].distractor }
                // A relation that only describes ("the bottle from the counter") need not hold for the only match.
                if plain.count == 1, relation == .on || relation == .inside { return .success(plain[0]) }
                return .failure(PolicyError("nothing matches '\(ref)' in this scene"))
            }
            return .success(best)
        }
        if found.count > 1, let ordinal = ref.ordinal {
            found = found.filter { !model.objects[$0].distractor }.isEmpty ? found : found.filter { !model.objects[$0].distractor }
            // Order from the robot's left to its right.
            let left = leftDirection, front = frontDirection
            found.sort { dot(state.objects[$0].pose.translation, left) > dot(state.objects[$1].pose.translation, left) }
            let byFront = found.sorted { dot(state.objects[$0].pose.translation, front) > dot(state.objects[$1].pose.translation, front) }
            switch ordinal {
            case -1: return .success(found.first!)
            case -2: return .success(found.last!)
            case -3: return .success(byFront.first!)
            case -4: return .success(byFront.last!)
            case -5: return .success(found[found.count / 2])
            default: return ordinal - 1 < found.count ? .success(found[ordinal - 1]) : .failure(PolicyError("there are only \(found.count) \(ref.words.joined(separator: " ")) objects"))
            }
        }
        let real = found.filter { !model.objects[$0].distractor }
        if real.count == 1 { return .success(real[0]) }
        if found.count == 1 { return .success(found[0]) }
        // "the white mug" is white_mug, not yellow_white_mug: the plainest name wins.
        let wanted = ref.words.map(Grounder.normalize).joined(separator: "_")
        if let exact = found.first(where: { model.objects[$0].name == wanted || model.objects[$0].name == ref.words.joined(separator: "_") }) {
            return .success(exact)
        }
        let extra = { (i: Int) in self.words(of: i).subtracting(ref.words.map(Grounder.normalize)).count }
        let sorted = found.sorted { extra($0) < extra($1) }
        if ref.plural { return .success(sorted[0]) }
        if extra(sorted[0]) < extra(sorted[1]) && model.objects[sorted[0]].name.split(separator: "_").count < model.objects[sorted[1]].name.split(separator: "_").count {
            return .success(sorted[0])
        }
        return .failure(PolicyError("'\(ref.words.joined(separator: " "))' could be \(found.map { model.objects[$0].name }.joined(separator: " or ")): say which (by colour, position or relation)"))
    }

    /// Why nothing matches: the words no object has, and the object the rest
    /// would name, so a near miss ("red cube" for the red cookie box) is not guessed.
    func missing(_ ref: Reference) -> String {
        let content = ref.words.filter { !["left", "right", "side", "other"].contains($0) }
        let unknown = content.filter { w in !model.objects.indices.contains { Grounder.matches(w, words(of: $0)) } }
        let known = model.objects.filter { !$0.distractor }.map(\.name).joined(separator: ", ")
        let phrase = (unknown.isEmpty ? content : unknown).joined(separator: " ")
        var message = unknown.isEmpty
            ? "nothing in this scene is \(content.joined(separator: " "))"
            : "there is no \(phrase) in this scene"
        let rest = content.filter { !unknown.contains($0) }
        if !unknown.isEmpty, !rest.isEmpty {
            let near = model.objects.indices.filter { i in rest.allSatisfy { Grounder.matches($0, words(of: i)) } }
            if near.count == 1 { message += " (the only \(rest.joined(separator: " ")) object is \(model.objects[near[0]].name))" }
        }
        return message + "; it has \(known)"
    }

    /// What the reader should say about a choice among several matches, or nil.
    func choiceNote(_ ref: Reference, chosen: Int) -> String? {
        let found = candidates(ref)
        guard found.count > 1 else { return nil }
        if ref.relation != nil { return "1 of \(found.count) by relation" }
        if let o = ref.ordinal { return "\(o == -1 ? "leftmost" : (o == -2 ? "rightmost" : "number \(o) from the left")) of \(found.count)" }
        if found.filter({ !model.objects[$0].distractor }).count == 1 { return nil }
        return "the plainest of \(found.count) matches"
    }

    /// A fixture, landmark or room named by the phrase's head noun, the other words
    /// choosing among several ("kitchen table": the table in the kitchen).
    func places(_ ref: Reference) -> [(Grounded, [String], Vec3)] {
        guard let head = ref.words.last.map(Grounder.normalize) else { return [] }
        let others = Set(ref.words.dropLast().map(Grounder.normalize))
        var named: [(Grounded, [String], Vec3)] = []
        for f in model.scene.fixtures { named.append((.fixture(f.name), f.name.split(separator: "_").map(String.init), f.center)) }
        for m in model.scene.map?.landmarks ?? [] where !m.name.hasSuffix("_door") || head == "door" {
            named.append((.landmark(m.name), m.name.split(separator: "_").map(String.init), m.center))
        }
        for r in model.scene.regions { named.append((.region(r.name), r.name.split(separator: "_").map(String.init), Vec3(r.center.x, r.center.y, 0))) }
        let wholeName = ref.words.map(Grounder.normalize).joined(separator: "_")
        if let exact = named.first(where: { $0.1.joined(separator: "_") == wholeName }) { return [exact] }
        var withHead = named.filter { $0.1.last == head }
        // A thing (fixture, landmark) before an area named after it ("front_of_stove").
        if withHead.contains(where: { if case .region = $0.0 { return false } else { return true } }) {
            withHead.removeAll { if case .region = $0.0 { return true } else { return false } }
        }
        if withHead.count > 1 {
            // Other words of the name ("dining"), or a room the place is in ("kitchen").
            let byName = withHead.filter { !others.isDisjoint(with: $0.1) }
            if !byName.isEmpty { withHead = byName } else {
                let rooms = model.scene.regions.filter { !others.isDisjoint(with: $0.name.split(separator: "_").map(String.init)) }
                let inRoom = withHead.filter { c in rooms.contains { $0.contains(x: c.2.x, y: c.2.y) } }
                if !inRoom.isEmpty { withHead = inRoom }
            }
        }
        return withHead
    }

    /// Every object a plural phrase names ("both moka pots").
    public func objects(_ ref: Reference) -> [Int] {
        guard ref.plural else { return (try? object(ref).get()).map { [$0] } ?? [] }
        return candidates(ref).filter { !model.objects[$0].distractor }
    }

    /// Grounds a phrase to anything: an object, fixture, region or landmark.
    public func thing(_ ref: Reference) -> Result<Grounded, PolicyError> {
        let text = ref.words.joined(separator: "_")
        let spaced = Set(ref.words.map(Grounder.normalize))
        func nameMatch(_ name: String, colour: String) -> Bool {
            let rest = ref.words.filter { $0 != colour && $0 != "wooden" }
            return !rest.isEmpty && rest.count < ref.words.count && Set(rest.map(Grounder.normalize)).isSubset(of: Set(name.split(separator: "_").map(String.init)))
        }
        func nameMatch(_ name: String) -> Bool {
            let parts = Set(name.split(separator: "_").map(String.init))
            return name == text || (!spaced.isEmpty && spaced.isSubset(of: parts)) || (!parts.isEmpty && parts.isSubset(of: spaced))
                || ref.words.contains { w in (Grounder.synonyms[Grounder.normalize(w)] ?? []).contains(name) }
        }
        if case .success(let i) = object(ref) { return .success(.object(i)) }
        // "the bottom drawer (of the cabinet)": a part, when its kind is said.
        switch part(ref, operable: false) {
        case .success(let k)?: return .success(.part(k))
        case .failure(let e)?: return .failure(e)
        case nil: break
        }
        // The head noun (the last word) decides between fixtures, landmarks and rooms:
        // "the kitchen counter" is the counter, "the table in the living room" a table
        // in that room.
        let placeMatches = places(ref)
        if placeMatches.count == 1 { return .success(placeMatches[0].0) }
        if placeMatches.count > 1 {
            return .failure(PolicyError("'\(ref.words.joined(separator: " "))' could be \(placeMatches.map(\.0.name).joined(separator: " or ")): say which"))
        }
        if let f = model.scene.fixtures.first(where: { nameMatch($0.name) || nameMatch($0.name, colour: $0.color) }) { return .success(.fixture(f.name)) }
        if let r = model.scene.regions.first(where: { nameMatch($0.name) }) { return .success(.region(r.name)) }
        if let m = model.scene.map?.landmarks.first(where: { nameMatch($0.name) }) { return .success(.landmark(m.name)) }
        if ref.words == ["table"] || ref.words.contains("table"), model.scene.fixture("table") != nil { return .success(.fixture("table")) }
        return object(ref).map { .object($0) }
    }
}
