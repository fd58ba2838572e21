import Kinematics
import Spatial

/// Where one object is, and which gripper (arm index) holds it.
public struct ObjectState: Sendable, Equatable {
    public var pose: Pose
    public var heldBy: Int?
    /// The object's pose in the holding tool's frame while held.
    public var grip: Pose

    public init(pose: Pose, heldBy: Int? = nil, grip: Pose = .identity) {
        self.pose = pose; self.heldBy = heldBy; self.grip = grip
    }
}

/// Everything that moves, as plain values: a snapshot is a copy, so undo, scrubbing
/// and dry runs are copies of this.
public struct WorldState: Sendable, Equatable {
    public var step: Int
    public var time: Double
    /// Robot joint positions (the robot's tree order).
    public var q: [Double]
    /// The robot's base in the world (fixed for arms).
    public var base: Pose2D
    /// Gripper opening per arm: 0 closed, 1 open.
    public var gripper: [Double]
    public var objects: [ObjectState]
    /// The policy said stop (navigation) — the episode ends.
    public var stopped: Bool
    /// Each articulated part's joint (`SceneModel.parts` order).
    public var parts: [PartState]
    /// The floor plan's doors a base has pushed open (landmark names).
    public var openDoors: [String]

    public init(step: Int = 0, time: Double = 0, q: [Double], base: Pose2D, gripper: [Double], objects: [ObjectState], stopped: Bool = false,
                parts: [PartState] = [], openDoors: [String] = []) {
        self.step = step; self.time = time; self.q = q; self.base = base; self.gripper = gripper
        self.objects = objects; self.stopped = stopped; self.parts = parts; self.openDoors = openDoors
    }
}
