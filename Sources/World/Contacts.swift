import Kinematics
import Spatial

/// Robot links (their capsules and spheres) against fixtures and loose objects,
/// checked every step and reported as events: which link, what, how deep.
public enum Contacts {
    /// Contacts shallower than this are resting touches, not reported.
    public static let tolerance = 0.002

    public static func check(_ model: WorldModel, _ s: WorldState) -> [WorldEvent] {
        check(model, s, segments: LinkShapes.segments(model, s), exempt: exemptObjects(model, s))
    }

    /// `exempt[i]`: object i is held or about to be grasped (see `exemptObjects`).
    public static func check(_ model: WorldModel, _ s: WorldState, segments: [LinkSegment], exempt: [Bool]) -> [WorldEvent] {
        var events: [WorldEvent] = []
        let tree = model.robot.tree
        guard !segments.isEmpty else { return events }
        let firstJoints = Set(model.robot.arms.compactMap { arm in tree.path(to: arm.chain.endEffector.joint).first })
        for seg in segments {
            let (a, b, r) = (seg.a, seg.b, seg.radius)
            // The first link stands on its mount: not a contact.
            if !firstJoints.contains(seg.joint) {
                for f in model.scene.fixtures {
                    let low = a.z < b.z ? a : b
                    let depth = f.top - (low.z - r)
                    if depth > tolerance, f.containsXY(low), low.z > f.center.z - f.size.z / 2 {
                        events.append(WorldEvent(.contact, "\(seg.name(model.robot)) touches \(f.name), \(mm(depth)) deep", depth: depth))
                    }
                }
            }
            for (i, o) in model.objects.enumerated() where !exempt[i] {
                let c = s.objects[i].pose.translation
                let h = o.shape.halfFootprint
                let objectRadius = max(h.x, h.y)
                let p = LinkShapes.closestPoint(onSegment: a, b, to: c)
                let horizontal = hypot2(p.x - c.x, p.y - c.y)
                let vertical = abs(p.z - c.z) - o.shape.height / 2
                let depth = min(r + objectRadius - horizontal, r - vertical)
                if depth > tolerance {
                    events.append(WorldEvent(.contact, "\(seg.name(model.robot)) touches \(o.name), \(mm(depth)) deep", depth: depth))
                }
            }
        }
        return events
    }

    /// Objects being held or about to be grasped are expected to touch the hand.
    public static func exemptObjects(_ model: WorldModel, _ s: WorldState) -> [Bool] {
        var exempt = s.objects.map { $0.heldBy != nil }
        for a in model.robot.arms.indices {
            let tool = model.toolPose(s, arm: a).translation
            for i in s.objects.indices where !exempt[i] && Grasping.inGraspVolume(model, s, arm: a, tool: tool, object: i) { exempt[i] = true }
        }
        return exempt
    }

    static func mm(_ v: Double) -> String { "\(clampedInt(v * 1000)) mm" }
}
