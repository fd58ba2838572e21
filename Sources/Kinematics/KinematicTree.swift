import Spatial

/// An immutable kinematic tree: joints ordered so each parent precedes its children.
/// Configuration vectors `q` hold one number per movable joint, in joint order.
public struct KinematicTree: Sendable {
    public let joints: [Joint]
    /// For each joint, its index into q, or -1 when fixed.
    public let qIndex: [Int]
    /// For each q index, the joint it drives.
    public let movableJoints: [Int]
    /// Hot-loop copies of the joints' motion and parents.
    let motions: [JointMotion]
    let parents: [Int]

    public var dof: Int { movableJoints.count }
    public var lowerLimits: [Double] { movableJoints.map { joints[$0].lower } }
    public var upperLimits: [Double] { movableJoints.map { joints[$0].upper } }
    public var velocityLimits: [Double] { movableJoints.map { joints[$0].maxVelocity } }

    public enum BuildError: Error, Equatable, CustomStringConvertible {
        case parentAfterChild(joint: String)
        case badLimits(joint: String)
        case duplicateName(String)
        case zeroAxis(joint: String)
        case nonFinite(joint: String)

        public var description: String {
            switch self {
            case .parentAfterChild(let j): return "joint \(j): its parent must come before it"
            case .badLimits(let j): return "joint \(j): lower limit must not be above the upper limit"
            case .duplicateName(let n): return "joint name \(n) is used twice"
            case .zeroAxis(let j): return "joint \(j): axis has zero length"
            case .nonFinite(let j): return "joint \(j): placement is not finite"
            }
        }
    }

    public init(joints: [Joint]) throws {
        var seen = Set<String>()
        var qIndex: [Int] = []
        var movable: [Int] = []
        for (i, j) in joints.enumerated() {
            guard j.parent < i, j.parent >= -1 else { throw BuildError.parentAfterChild(joint: j.name) }
            guard seen.insert(j.name).inserted else { throw BuildError.duplicateName(j.name) }
            guard j.placement.isFinite else { throw BuildError.nonFinite(joint: j.name) }
            if j.type.isMovable {
                guard j.axis.isFinite, length(j.axis) > 0.5 else { throw BuildError.zeroAxis(joint: j.name) }
            }
            if j.type == .revolute || j.type == .prismatic {
                // lower = upper is a joint that cannot move (URDF's default limits): allowed.
                guard j.lower.isFinite, j.upper.isFinite, j.lower <= j.upper else { throw BuildError.badLimits(joint: j.name) }
            }
            qIndex.append(j.type.isMovable ? movable.count : -1)
            if j.type.isMovable { movable.append(i) }
        }
        self.joints = joints
        self.qIndex = qIndex
        self.movableJoints = movable
        self.motions = joints.enumerated().map { JointMotion($1, q: qIndex[$0]) }
        self.parents = joints.map(\.parent)
    }

    public func jointIndex(named name: String) -> Int? {
        joints.firstIndex { $0.name == name }
    }

    /// Joint indices from the root down to `joint`, inclusive.
    public func path(to joint: Int) -> [Int] {
        var path: [Int] = []
        var j = joint
        while j >= 0 { path.append(j); j = joints[j].parent }
        return path.reversed()
    }

    /// The q indices that move `joint`'s frame, root first.
    public func movableAncestors(of joint: Int) -> [Int] {
        path(to: joint).compactMap { qIndex[$0] >= 0 ? qIndex[$0] : nil }
    }

    /// Whether q is within the position limits (with a small tolerance).
    public func withinLimits(_ q: [Double], tolerance: Double = 1e-9) -> Bool {
        guard q.count == dof else { return false }
        for (k, j) in movableJoints.enumerated() {
            let v = q[k]
            if !v.isFinite || v < joints[j].lower - tolerance || v > joints[j].upper + tolerance { return false }
        }
        return true
    }

    /// q clamped into the position limits.
    public func clamped(_ q: [Double]) -> [Double] {
        var out = q
        for (k, j) in movableJoints.enumerated() where k < out.count {
            out[k] = min(max(out[k], joints[j].lower), joints[j].upper)
        }
        return out
    }

    /// A uniformly random configuration within the limits (continuous joints in [-pi, pi]).
    public func randomConfiguration(_ rng: inout SeededRandom) -> [Double] {
        movableJoints.map { j in
            let lo = joints[j].lower.isFinite ? joints[j].lower : -.pi
            let hi = joints[j].upper.isFinite ? joints[j].upper : .pi
            return rng.uniform(lo, hi)
        }
    }
}
