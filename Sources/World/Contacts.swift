import Kinematics
import Spatial

/// Robot links (their capsules and spheres) against fixtures and loose objects,
/// checked every step and reported as events: which link, what, how deep.
public enum Contacts {
    /// Contacts shallower than this are resting touches, not reported.
    public static let tolerance = 0.002

    public static func check(_ model: WorldModel, _ s: WorldState) -> [WorldEvent] {
        var events: [WorldEvent] = []
        let tree = model.robot.tree
        guard !tree.joints.isEmpty else { return events }
        let base = model.basePose(s)
        let frames = tree.forwardKinematics(s.q)
        // Objects being held or about to be grasped are expected to touch the hand.
        var exempt = Set<Int>()
        for (i, o) in s.objects.enumerated() where o.heldBy != nil { exempt.insert(i) }
        for a in model.robot.arms.indices {
            let tool = model.toolPose(s, arm: a).translation
            for i in s.objects.indices where Grasping.inGraspVolume(model, s, arm: a, tool: tool, object: i) { exempt.insert(i) }
        }
        let firstJoints = Set(model.robot.arms.compactMap { arm in tree.path(to: arm.chain.endEffector.joint).first })
        for (j, joint) in tree.joints.enumerated() {
            for shape in joint.shapes {
                let frame = base * frames[j] * shape.origin
                let (a, b, r): (Vec3, Vec3, Double)
                switch shape.shape {
                case .capsule(let radius, let from, let to): (a, b, r) = (frame * from, frame * to, radius)
                case .sphere(let radius): (a, b, r) = (frame.translation, frame.translation, radius)
                case .cylinder(let radius, let len):
                    (a, b, r) = (frame * Vec3(0, 0, -len / 2), frame * Vec3(0, 0, len / 2), radius)
                case .box(let size):
                    let h = size.z / 2
                    (a, b, r) = (frame * Vec3(0, 0, -h), frame * Vec3(0, 0, h), max(size.x, size.y) / 2)
                }
                // The first link stands on its mount: not a contact.
                if !firstJoints.contains(j) {
                    for f in model.scene.fixtures {
                        let low = a.z < b.z ? a : b
                        let depth = f.top - (low.z - r)
                        if depth > tolerance, f.containsXY(low), low.z > f.center.z - f.size.z / 2 {
                            events.append(WorldEvent(.contact, "\(joint.name) touches \(f.name), \(mm(depth)) deep", depth: depth))
                        }
                    }
                }
                for (i, o) in model.objects.enumerated() where !exempt.contains(i) {
                    let c = s.objects[i].pose.translation
                    let h = o.shape.halfFootprint
                    let objectRadius = max(h.x, h.y)
                    let p = closestPoint(onSegment: a, b, to: c)
                    let horizontal = hypot2(p.x - c.x, p.y - c.y)
                    let vertical = abs(p.z - c.z) - o.shape.height / 2
                    let depth = min(r + objectRadius - horizontal, r - vertical)
                    if depth > tolerance {
                        events.append(WorldEvent(.contact, "\(joint.name) touches \(o.name), \(mm(depth)) deep", depth: depth))
                    }
                }
            }
        }
        return events
    }

    static func closestPoint(onSegment a: Vec3, _ b: Vec3, to p: Vec3) -> Vec3 {
        let ab = b - a
        let l2 = dot(ab, ab)
        guard l2 > 1e-18 else { return a }
        let t = min(max(dot(p - a, ab) / l2, 0), 1)
        return a + ab * t
    }

    static func mm(_ v: Double) -> String { "\(clampedInt(v * 1000)) mm" }
}
