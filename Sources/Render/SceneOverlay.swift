import Spatial

/// What is drawn over the scene: the predicted trajectory of the current chunk (a
/// "worm" fading from near to far), the previous prediction as a ghost, the path
/// actually executed, gripper open/close marks, goals and reference paths.
public struct SceneOverlay: Sendable, Equatable {
    /// Predicted paths (one per arm tool, or the base), starting where the robot is.
    public var predicted: [[Vec3]]
    /// Where the predicted actions command the gripper to close (true) or open.
    public var marks: [GripperMark]
    /// The previous prediction, for A/B comparison after a re-predict.
    public var ghost: [[Vec3]]
    /// The path the robot actually took, up to now.
    public var realised: [[Vec3]]
    public var goals: [GoalMarker]
    /// A task's reference path (navigation and trajectory tasks).
    public var reference: [Vec3]
    /// Other samples of a sampling policy's chunk, drawn faintly around the chosen one.
    public var samples: [[Vec3]] = []

    public init(predicted: [[Vec3]] = [], marks: [GripperMark] = [], ghost: [[Vec3]] = [], realised: [[Vec3]] = [],
                goals: [GoalMarker] = [], reference: [Vec3] = []) {
        self.predicted = predicted; self.marks = marks; self.ghost = ghost; self.realised = realised
        self.goals = goals; self.reference = reference
    }

    public static let none = SceneOverlay()
}

public struct GripperMark: Sendable, Equatable {
    public var position: Vec3
    public var closes: Bool
    public init(position: Vec3, closes: Bool) { self.position = position; self.closes = closes }
}

/// A place the task wants something to reach: drawn as a dashed ring and a label.
public struct GoalMarker: Sendable, Equatable {
    public var position: Vec3
    public var radius: Double
    public var label: String
    public var reached: Bool
    public init(position: Vec3, radius: Double, label: String, reached: Bool = false) {
        self.position = position; self.radius = radius; self.label = label; self.reached = reached
    }
}

/// Options for drawing a scene.
public struct SceneStyle: Sendable, Equatable {
    public var labels: Bool
    public init(labels: Bool = true) { self.labels = labels }
}
