import Kinematics
import Spatial

/// Evaluates goal predicates on a world state. Pure and cheap: run every step.
public enum GoalEvaluator {
    /// How close a resting object's bottom must be to a support's top (m).
    public static let restTolerance = 0.015
    /// upright(a): the object's up axis within this angle of the world's (rad).
    public static let uprightTolerance = 15.0 * .pi / 180

    public static func evaluate(_ goal: Goal, _ model: WorldModel, _ s: WorldState) -> Bool {
        switch goal {
        case .always: return true
        case .all(let gs): return gs.allSatisfy { evaluate($0, model, s) }
        case .any(let gs): return gs.contains { evaluate($0, model, s) }
        case .not(let g): return !evaluate(g, model, s)
        case .on(let a, let b):
            guard let i = model.objectIndex(a), s.objects[i].heldBy == nil else { return false }
            return support(of: i, model, s) == b
        case .inside(let a, let b):
            if let i = model.objectIndex(a), let k = model.partIndex(b) {
                let p = s.objects[i].pose.translation
                return s.objects[i].heldBy == nil && model.scene.parts[k].holds(p, bottom: p.z - model.objects[i].shape.height / 2, value: model.partValue(k, s))
            }
            guard let i = model.objectIndex(a), let j = model.objectIndex(b), i != j, s.objects[i].heldBy == nil else { return false }
            let o = model.objects[j]
            let p = s.objects[i].pose.translation
            let bottom = p.z - model.objects[i].shape.height / 2
            let cBottom = s.objects[j].pose.translation.z - o.shape.height / 2
            return footprintContains(o, s.objects[j].pose, p) && bottom >= cBottom - restTolerance && bottom <= cBottom + o.shape.height
        case .holding(let arm, let a):
            guard let i = model.objectIndex(a), let h = s.objects[i].heldBy else { return false }
            guard let arm else { return true }
            return model.robot.arms[h].name == arm
        case .at(let x, let r):
            guard let p = position(x, model, s) else { return false }
            if let region = model.scene.region(r) { return region.contains(x: p.x, y: p.y) }
            return false
        case .near(let a, let b, let d):
            return horizontalDistance(a, b, model, s).map { $0 <= d } ?? false
        case .upright(let a):
            guard let i = model.objectIndex(a) else { return false }
            return s.objects[i].pose.rotation.c2.z >= cos(uprightTolerance)
        case .open(let a), .turnedOn(let a):
            guard let k = model.partIndex(a) else { return false }
            return model.scene.parts[k].isOpen(model.partValue(k, s))
        case .closed(let a), .turnedOff(let a):
            guard let k = model.partIndex(a) else { return false }
            return model.scene.parts[k].isClosed(model.partValue(k, s))
        }
    }

    /// Each atomic predicate with its value, in the goal's order (for the episode log).
    public static func atomValues(_ goal: Goal, _ model: WorldModel, _ s: WorldState) -> [(String, Bool)] {
        goal.atoms.map { ($0.description, evaluate($0, model, s)) }
    }

    /// What an object rests on: the highest surface (an object's top or a
    /// container's floor, or a fixture's top) within `restTolerance` of its bottom
    /// and under its centre; nil when it floats or is held.
    public static func support(of i: Int, _ model: WorldModel, _ s: WorldState) -> String? {
        guard s.objects[i].heldBy == nil else { return nil }
        let p = s.objects[i].pose.translation
        let bottom = p.z - model.objects[i].shape.height / 2
        var best: (z: Double, name: String)?
        for (j, o) in model.objects.enumerated() where j != i && s.objects[j].heldBy == nil {
            let top = s.objects[j].pose.translation.z - o.shape.height / 2 + o.shape.supportHeight
            if abs(bottom - top) <= restTolerance, footprintContains(o, s.objects[j].pose, p), top > (best?.z ?? -.infinity) {
                best = (top, o.name)
            }
        }
        for f in model.scene.fixtures where abs(bottom - f.top) <= restTolerance && f.containsXY(p) && f.top > (best?.z ?? -.infinity) {
            best = (f.top, f.name)
        }
        for (k, part) in model.scene.parts.enumerated() where abs(bottom - part.floorHeight) <= restTolerance && part.trayContainsXY(p, value: model.partValue(k, s))
            && part.floorHeight > (best?.z ?? -.infinity) {
            best = (part.floorHeight, part.name)
        }
        return best?.name
    }

    static func footprintContains(_ o: SceneObject, _ pose: Pose, _ p: Vec3) -> Bool {
        let local = pose.rotation.transposed * (p - pose.translation)
        let h = o.shape.halfFootprint
        return o.shape.isRound ? hypot2(local.x, local.y) <= h.x : (abs(local.x) <= h.x && abs(local.y) <= h.y)
    }

    /// Position of a named thing: an object, `robot` (its base), a fixture, or a landmark.
    public static func position(_ name: String, _ model: WorldModel, _ s: WorldState) -> Vec3? {
        if name == "robot" { return Vec3(s.base.x, s.base.y, 0) }
        if let i = model.objectIndex(name) { return s.objects[i].pose.translation }
        if let f = model.scene.fixture(name) { return f.center }
        if let k = model.partIndex(name) { return model.scene.parts[k].transform(model.partValue(k, s)) * model.scene.parts[k].center }
        if let m = model.scene.map?.landmark(name) { return m.center }
        if let r = model.scene.region(name) { return Vec3(r.center.x, r.center.y, 0) }
        return nil
    }

    /// Horizontal distance; to a landmark it is to its nearest cell centre.
    static func horizontalDistance(_ a: String, _ b: String, _ model: WorldModel, _ s: WorldState) -> Double? {
        func points(_ n: String) -> [Vec3]? {
            if let map = model.scene.map, let m = map.landmark(n), !m.cells.isEmpty { return m.cells.map { map.center(of: $0) } }
            return position(n, model, s).map { [$0] }
        }
        guard let pa = points(a), let pb = points(b) else { return nil }
        var best = Double.infinity
        for x in pa { for y in pb { best = min(best, hypot2(x.x - y.x, x.y - y.y)) } }
        return best
    }
}

#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif
