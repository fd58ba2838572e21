import Foundation
import Spatial
import World

/// Pushing what cannot be picked up (a wide plate) to a place on the same surface:
/// fingers down behind it, then along one axis and then the other, so each leg is a
/// straight push whose corridor is clear.
extension ExpertPlanner {
    func pushPlan(_ i: Int, to spot: Vec3, arm a: Int) -> Plan {
        let c = state.objects[i].pose.translation
        // Into a named area: the point of it nearest the thing (2 cm inside) that a push
        // along one axis and then the other reaches without meeting a fixture.
        var goal = spot
        if let r = model.scene.regions.first(where: { $0.contains(x: spot.x, y: spot.y) }) {
            let hx = max(0, r.size.x / 2 - 0.02), hy = max(0, r.size.y / 2 - 0.02)
            var points: [Vec3] = []
            for ix in -6...6 { for iy in -6...6 { points.append(Vec3(r.center.x + hx * Double(ix) / 6, r.center.y + hy * Double(iy) / 6, spot.z)) } }
            points.sort { hypot($0.x - c.x, $0.y - c.y) < hypot($1.x - c.x, $1.y - c.y) }
            let movable = state.objects.indices.filter { $0 != i && model.objects[$0].graspable }
            goal = points.first { p in
                let d = Vec3(p.x - c.x, p.y - c.y, 0)
                let legs = [Vec3(d.x, 0, 0), Vec3(0, d.y, 0)]
                return corridorBlocker(i, from: c, legs: legs, ignoring: movable) == nil || corridorBlocker(i, from: c, legs: legs.reversed(), ignoring: movable) == nil
            } ?? spot
        }
        let o = model.objects[i]
        let radius = max(o.shape.halfFootprint.x, o.shape.halfFootprint.y)
        let contact = radius + LinkShapes.fingerRadius
        let d = Vec3(goal.x - c.x, goal.y - c.y, 0)
        // The order of the two legs: the one whose corridor is clear first.
        let legs: [Vec3] = [Vec3(d.x, 0, 0), Vec3(0, d.y, 0)]
        // Something small in the way is first picked up and put aside.
        if let held = state.objects.indices.first(where: { state.objects[$0].heldBy == a && $0 != i }) {
            guard let spot = asideSpot(held, clearOf: i, from: c, legs: legs) else {
                return .failure(PolicyError("I can't find room to put \(model.objects[held].name) out of the way"))
            }
            return placeAt(held, spot: spot, arm: a)
        }
        let movable = state.objects.indices.filter { $0 != i && model.objects[$0].graspable }
        // The order with no fixture in the way; clear of everything if it can be.
        var order = corridorBlocker(i, from: c, legs: legs, ignoring: movable) == nil ? legs : legs.reversed()
        if corridorBlocker(i, from: c, legs: order) != nil, corridorBlocker(i, from: c, legs: order.reversed()) == nil,
           corridorBlocker(i, from: c, legs: order.reversed(), ignoring: movable) == nil {
            order = order.reversed()
        }
        if let j = corridorBlocker(i, from: c, legs: order), j >= 0, model.objects[j].graspable {
            return pickPlan(j, arm: a)
        }
        guard let leg = order.first(where: { length($0) > 0.004 }) else { return .success(([hold()], false, nil)) }
        let dir = normalize(leg)
        let support = max(0, c.z - o.shape.height / 2)
        let z = max(c.z, support + LinkShapes.fingerRadius + 0.004)
        let behind = Vec3(c.x, c.y, z) - dir * (contact + 0.012)
        let t = tool(a)
        // Closed fingers are the pusher (an open hand straddles what it meets).
        if isGripperOpen(state.gripper[a]) { return .success((gripperIntents(a, open: false), false, nil)) }
        // In contact behind it (on the line, at about touching distance): push on.
        let rel = Vec3(c.x - t.x, c.y - t.y, 0)
        let along = dot(rel, dir)
        let across = length(rel - dir * along)
        if across < 0.01, along > contact - 0.02, along < contact + 0.02, abs(t.z - z) < 0.01 {
            let end = Vec3(c.x, c.y, z) + leg - dir * contact
            let moves = moveArm(a, to: [end], open: false)
            // Already at the end of the leg but not yet in the region: back off and come again.
            return .success((moves.isEmpty ? moveArm(a, to: [t - dir * 0.03 + Vec3(0, 0, 0.05)], open: false) : moves, false, nil))
        }
        return .success((transfer(a, to: behind, safeZ: safeHeight(ignoring: nil), open: false), false, nil))
    }

    /// The first object pushing along the legs in order would meet (every centimetre
    /// checked), or -1 for a fixture; nil when the way is clear.
    func corridorBlocker(_ i: Int, from start: Vec3, legs: [Vec3], ignoring: [Int] = []) -> Int? {
        var s = state
        // Things that can be put aside are out of the way, far below the table.
        for j in ignoring { s.objects[j].pose.translation.z = -10 }
        var p = start
        for leg in legs where length(leg) > 0.004 {
            let dir = normalize(leg)
            let n = max(1, clampedInt(length(leg) / 0.01, .up))
            for _ in 0..<n {
                s.objects[i].pose.translation = p
                if let name = Pushing.blocker(i, along: dir, by: length(leg) / Double(n), model, s) {
                    return model.objectIndex(name) ?? -1
                }
                p += leg / Double(n)
            }
        }
        return nil
    }

    /// A spot on the table for object `j`, clear of the pushed object's corridor and of
    /// everything else, nearest the robot.
    func asideSpot(_ j: Int, clearOf i: Int, from start: Vec3, legs: [Vec3]) -> Vec3? {
        guard let table = model.scene.fixture("table") else { return nil }
        let ri = max(model.objects[i].shape.halfFootprint.x, model.objects[i].shape.halfFootprint.y)
        let rj = max(model.objects[j].shape.halfFootprint.x, model.objects[j].shape.halfFootprint.y)
        let corner = start + legs[0], end = corner + legs[1], otherCorner = start + legs[1]
        func distance(_ p: Vec3, _ a: Vec3, _ b: Vec3) -> Double {
            let flat = { (v: Vec3) in Vec3(v.x, v.y, 0) }
            return length(p - LinkShapes.closestPoint(onSegment: flat(a), flat(b), to: p))
        }
        // (Both orders are kept clear: which one is pushed is decided again each chunk.)
        let armBase = model.basePose(state).translation
        let from = state.objects[j].pose.translation
        var best: Vec3?
        var bestD = Double.infinity
        for ix in -10...10 {
            for iy in -10...10 {
                let p = Vec3(table.center.x + Double(ix) / 10 * (table.size.x / 2 - 0.05), table.center.y + Double(iy) / 10 * (table.size.y / 2 - 0.05), 0)
                let reach = hypot(p.x - armBase.x, p.y - armBase.y)
                guard reach > 0.3, reach < 0.7 else { continue }
                let flat = Vec3(p.x, p.y, 0)
                if distance(flat, start, corner) < ri + rj + 0.03 { continue }
                if distance(flat, corner, end) < ri + rj + 0.03 { continue }
                // Clear of the other order's corridor too, and of where the fingers go down behind it.
                if distance(flat, start, otherCorner) < ri + rj + 0.05 { continue }
                if distance(flat, otherCorner, end) < ri + rj + 0.05 { continue }
                if model.scene.fixtures.contains(where: { $0.name != "table" && $0.containsXY(flat, margin: rj + 0.02) }) { continue }
                if model.scene.parts.contains(where: { abs(p.x - $0.center.x) < $0.size.x / 2 + 0.15 + rj && abs(p.y - $0.center.y) < $0.size.y / 2 + 0.05 + rj }) { continue }
                let clear = model.objects.indices.allSatisfy { k in
                    k == j || state.objects[k].heldBy != nil || hypot(state.objects[k].pose.translation.x - p.x, state.objects[k].pose.translation.y - p.y)
                        > rj + max(model.objects[k].shape.halfFootprint.x, model.objects[k].shape.halfFootprint.y) + 0.02
                }
                // Near where it is: a short carry.
                let carry = hypot(p.x - from.x, p.y - from.y)
                if clear && carry < bestD { best = p; bestD = carry }
            }
        }
        return best.map { Vec3($0.x, $0.y, table.top + model.objects[j].shape.height / 2 + 0.01) }
    }
}
