/// Something that happened during a control step, for the log, the TUI and tests.
public struct WorldEvent: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable {
        case clipped, refused, ikUnreachable = "ik_unreachable", grasp, release, settle, contact, blocked, stop, push, articulation
    }
    public var kind: Kind
    public var message: String
    /// Penetration depth (m) for contacts.
    public var depth: Double?

    public init(_ kind: Kind, _ message: String, depth: Double? = nil) {
        self.kind = kind; self.message = message; self.depth = depth
    }

    public var description: String { "\(kind.rawValue): \(message)" }
}

/// The outcome of one control step.
public struct StepResult: Sendable {
    public var state: WorldState
    /// The action as the controller executed it, after clipping (same layout).
    public var executed: [Double]
    public var events: [WorldEvent]
    /// Joint positions and base poses at substeps within the step, for smooth drawing.
    public var substeps: [(q: [Double], base: Pose2DValue)]
    /// True when the action was refused and the world did not change.
    public var refused: Bool
}

/// A planar pose as plain numbers (Spatial's Pose2D without the import in signatures).
public typealias Pose2DValue = (x: Double, y: Double, yaw: Double)
