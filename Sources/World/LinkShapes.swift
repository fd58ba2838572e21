import Kinematics
import Spatial

/// The robot's collision shapes in the world, each as a swept sphere (a segment and
/// a radius): what contacts, pushing and the wall check all measure against.
public struct LinkSegment: Sendable {
    /// Index of the joint (link) in the robot's tree.
    public var joint: Int
    public var a: Vec3
    public var b: Vec3
    public var radius: Double
    /// The arm whose closed fingers this is; nil for a link's own shape.
    public var fingers: Int?

    /// What touches, for messages: the joint's name, or "<arm> fingers". (Built only
    /// when a message needs it: a step makes a dozen segments.)
    public func name(_ robot: RobotModel) -> String {
        fingers.map { "\(robot.arms[$0].name) fingers" } ?? robot.tree.joints[joint].name
    }
}

public enum LinkShapes {
    /// A parallel gripper's closed fingers: a capsule from the tool point back along
    /// the tool's z axis (the drawing's finger length), this thick (m).
    public static let fingerRadius = 0.012
    public static let fingerLength = 0.05

    public static func segments(_ model: WorldModel, _ s: WorldState) -> [LinkSegment] {
        let tree = model.robot.tree
        guard !tree.joints.isEmpty else { return [] }
        let base = model.basePose(s)
        let frames = tree.forwardKinematics(s.q)
        var out: [LinkSegment] = []
        out.reserveCapacity(tree.joints.count + model.robot.arms.count)
        for (j, joint) in tree.joints.enumerated() {
            for shape in joint.shapes {
                let frame = base * frames[j] * shape.origin
                switch shape.shape {
                case .capsule(let radius, let from, let to): out.append(LinkSegment(joint: j, a: frame * from, b: frame * to, radius: radius))
                case .sphere(let radius): out.append(LinkSegment(joint: j, a: frame.translation, b: frame.translation, radius: radius))
                case .cylinder(let radius, let len):
                    out.append(LinkSegment(joint: j, a: frame * Vec3(0, 0, -len / 2), b: frame * Vec3(0, 0, len / 2), radius: radius))
                case .box(let size):
                    let h = size.z / 2
                    out.append(LinkSegment(joint: j, a: frame * Vec3(0, 0, -h), b: frame * Vec3(0, 0, h), radius: max(size.x, size.y) / 2))
                }
            }
        }
        // The fingers reach below the last link's shape: they are what pushes a plate.
        // Open fingers straddle what they descend on, and closed ones on a held thing
        // are around it: only empty closed fingers are a pusher.
        for (a, arm) in model.robot.arms.enumerated() where arm.gripper.type == .parallel && a < s.gripper.count && !isGripperOpen(s.gripper[a])
            && !s.objects.contains(where: { $0.heldBy == a }) {
            let tool = base * frames[arm.chain.endEffector.joint] * arm.chain.endEffector.tool
            out.append(LinkSegment(joint: arm.chain.endEffector.joint, a: tool.translation, b: tool * Vec3(0, 0, -fingerLength),
                                   radius: fingerRadius, fingers: a))
        }
        return out
    }

    /// The point of segment a–b nearest p.
    public static func closestPoint(onSegment a: Vec3, _ b: Vec3, to p: Vec3) -> Vec3 {
        let ab = b - a
        let l2 = dot(ab, ab)
        guard l2 > 1e-18 else { return a }
        let t = min(max(dot(p - a, ab) / l2, 0), 1)
        return a + ab * t
    }
}
