import Foundation
import Spatial
import World

/// Pushing what cannot be picked up (a wide plate) to a place on the same surface:
/// fingers down behind it, then along one axis and then the other, so each leg is a
/// straight push whose corridor is clear.
extension ExpertPlanner {
    func pushPlan(_ i: Int, to goal: Vec3, arm a: Int) -> Plan {
        let c = state.objects[i].pose.translation
        let o = model.objects[i]
        let radius = max(o.shape.halfFootprint.x, o.shape.halfFootprint.y)
        let contact = radius + LinkShapes.fingerRadius
        let d = Vec3(goal.x - c.x, goal.y - c.y, 0)
        // The order of the two legs: the one whose corridor is clear first.
        let legs: [Vec3] = [Vec3(d.x, 0, 0), Vec3(0, d.y, 0)]
        let order = corridorClear(i, from: c, legs: legs) ? legs : (corridorClear(i, from: c, legs: legs.reversed()) ? legs.reversed() : legs)
        guard let leg = order.first(where: { length($0) > 0.004 }) else { return .success((hold().asArray, false, nil)) }
        let dir = normalize(leg)
        let support = max(0, c.z - o.shape.height / 2)
        let z = max(c.z, support + LinkShapes.fingerRadius + 0.004)
        let behind = Vec3(c.x, c.y, z) - dir * (contact + 0.012)
        let t = tool(a)
        if !isGripperOpen(state.gripper[a]) || state.objects.contains(where: { $0.heldBy == a }) {
            // Fingers closed, nothing in hand: a narrow pusher.
        } else {
            return .success((gripperIntents(a, open: false), false, nil))
        }
        // In contact behind it (on the line, at about touching distance): push on.
        let rel = Vec3(c.x - t.x, c.y - t.y, 0)
        let along = dot(rel, dir)
        let across = length(rel - dir * along)
        if across < 0.01, along > contact - 0.02, along < contact + 0.02, abs(t.z - z) < 0.01 {
            let end = Vec3(c.x, c.y, z) + leg - dir * contact
            return .success((moveArm(a, to: [end], open: false), false, nil))
        }
        return .success((transfer(a, to: behind, safeZ: safeHeight(ignoring: nil), open: false), false, nil))
    }

    /// Whether pushing along the legs in order meets nothing (every centimetre checked).
    func corridorClear(_ i: Int, from start: Vec3, legs: [Vec3]) -> Bool {
        var s = state
        var p = start
        for leg in legs where length(leg) > 0.004 {
            let dir = normalize(leg)
            let n = max(1, clampedInt(length(leg) / 0.01, .up))
            for _ in 0..<n {
                s.objects[i].pose.translation = p
                if Pushing.blocker(i, along: dir, by: length(leg) / Double(n), model, s) != nil { return false }
                p += leg / Double(n)
            }
        }
        return true
    }
}

extension Intent {
    var asArray: [Intent] { [self] }
}
