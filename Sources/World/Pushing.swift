import Spatial

/// Kinematic pushing: a link pressing into the side of a loose object moves it out
/// along the contact normal, sliding on what it rests on, until a fixture or another
/// object stops it. An object pushed off its support's edge falls and settles.
public enum Pushing {
    /// Pushes shallower than this are resting touches (m), as for contacts.
    public static let tolerance = Contacts.tolerance

    /// `exempt`: the objects contacts leave alone (held, or about to be grasped).
    public static func apply(_ model: WorldModel, _ s: inout WorldState, segments: [LinkSegment], exempt: [Bool], events: inout [WorldEvent]) {
        guard !segments.isEmpty, !model.objects.isEmpty else { return }
        var exempt = exempt
        // An open hand reaching down for a thing brushes it on the way: that is not a push.
        for a in model.robot.arms.indices where a < s.gripper.count && isGripperOpen(s.gripper[a]) {
            let tool = model.toolPose(s, arm: a).translation
            for i in s.objects.indices where !exempt[i] && model.objects[i].graspable {
                let c = s.objects[i].pose.translation
                if hypot2(c.x - tool.x, c.y - tool.y) < 0.06 { exempt[i] = true }
            }
        }
        for i in model.objects.indices where !exempt[i] {
            let o = model.objects[i]
            let h = o.shape.halfFootprint
            let radius = max(h.x, h.y)
            var moved = 0.0
            var by = ""
            var stoppedBy: String?
            for seg in segments {
                let c = s.objects[i].pose.translation
                let p = LinkShapes.closestPoint(onSegment: seg.a, seg.b, to: c)
                let horizontal = hypot2(p.x - c.x, p.y - c.y)
                let side = seg.radius + radius - horizontal
                // Only a side contact pushes: the link's axis at the object's height (half
                // its radius of slack above and below) and nearer its rim than its middle.
                // A link pressing down on the middle from above does not.
                let h2 = o.shape.height / 2 + seg.radius / 2
                guard side > tolerance, abs(p.z - c.z) <= h2, horizontal >= radius / 2 else { continue }
                let normal = Vec3((c.x - p.x) / horizontal, (c.y - p.y) / horizontal, 0)
                let d = slide(i, along: normal, by: side, model, s)
                guard d > 1e-6 else {
                    stoppedBy = blocker(i, along: normal, by: side, model, s) ?? "something"
                    continue
                }
                var pose = s.objects[i].pose
                pose.translation += normal * d
                Carrying.move(i, to: pose, model, &s)
                moved += d
                by = seg.name(model.robot)
            }
            guard moved > 0 else {
                if let stoppedBy { events.append(WorldEvent(.blocked, "\(o.name) cannot be pushed further: \(stoppedBy) is in the way")) }
                continue
            }
            events.append(WorldEvent(.push, "\(by) pushed \(o.name) \(Contacts.mm(moved))"))
            // Off the edge of what it stood on: it falls to what is below.
            let (settled, support) = Grasping.settle(model, s, object: i)
            if abs(settled.translation.z - s.objects[i].pose.translation.z) > GoalEvaluator.restTolerance {
                Carrying.move(i, to: settled, model, &s)
                events.append(WorldEvent(.settle, "\(o.name) fell onto \(support)"))
            }
        }
    }

    /// How far object `i` can slide along `normal`, up to `distance`: halved until
    /// nothing blocks it (a fixture's side, another object).
    static func slide(_ i: Int, along normal: Vec3, by distance: Double, _ model: WorldModel, _ s: WorldState) -> Double {
        var d = distance
        for _ in 0..<6 {
            if blocker(i, along: normal, by: d, model, s) == nil { return d }
            d /= 2
        }
        return 0
    }

    /// What stops object `i` moved by `distance` along `normal`, or nil: a fixture
    /// that rises above the object's bottom, or another loose object at its height.
    public static func blocker(_ i: Int, along normal: Vec3, by distance: Double, _ model: WorldModel, _ s: WorldState) -> String? {
        let o = model.objects[i]
        let h = o.shape.halfFootprint
        let r = max(h.x, h.y)
        let c = s.objects[i].pose.translation + normal * distance
        let bottom = c.z - o.shape.height / 2, top = c.z + o.shape.height / 2
        for f in model.scene.fixtures {
            let fTop = f.top, fBottom = f.center.z - f.size.z / 2
            guard fTop > bottom + 0.005, fBottom < top else { continue }
            let dx = max(abs(c.x - f.center.x) - f.size.x / 2, 0), dy = max(abs(c.y - f.center.y) - f.size.y / 2, 0)
            if dx * dx + dy * dy < r * r { return f.name }
        }
        let riding = Set(Carrying.riders(of: i, model, s))
        for (j, other) in model.objects.enumerated() where j != i && s.objects[j].heldBy == nil && !riding.contains(j) {
            let q = s.objects[j].pose.translation
            let oh = other.shape.halfFootprint
            // What it stands in or on (a bowl around it) moves it, never blocks it.
            if GoalEvaluator.footprintContains(other, s.objects[j].pose, s.objects[i].pose.translation) { continue }
            guard q.z - other.shape.height / 2 < top - 0.005, q.z + other.shape.height / 2 > bottom + 0.005 else { continue }
            let now = hypot2(q.x - s.objects[i].pose.translation.x, q.y - s.objects[i].pose.translation.y)
            let then = hypot2(q.x - c.x, q.y - c.y)
            // Only what it moves toward blocks it (not a neighbour it is leaving).
            if then < r + max(oh.x, oh.y) - 0.001 && then < now { return other.name }
        }
        return nil
    }
}
