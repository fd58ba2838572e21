import Kinematics
import Spatial

/// The five task families Qwen-VLA unifies.
public enum SceneFamily: String, Sendable, CaseIterable, Codable {
    case manipulation, bimanual, navigation
    case mobileManipulation = "mobile_manipulation"
    case trajectory
}

/// Solid shapes of objects; sizes in metres. Containers (bowl, basket) hold things inside.
public enum ObjectShape: Sendable, Equatable {
    case box(size: Vec3)
    case cylinder(radius: Double, height: Double)
    case sphere(radius: Double)
    case bowl(radius: Double, height: Double)
    case plate(radius: Double, height: Double)
    case basket(size: Vec3)

    public var name: String {
        switch self {
        case .box: return "box"
        case .cylinder: return "cylinder"
        case .sphere: return "sphere"
        case .bowl: return "bowl"
        case .plate: return "plate"
        case .basket: return "basket"
        }
    }

    public var height: Double {
        switch self {
        case .box(let s), .basket(let s): return s.z
        case .cylinder(_, let h), .bowl(_, let h), .plate(_, let h): return h
        case .sphere(let r): return 2 * r
        }
    }

    /// Half extents of the footprint (x, y) in the object's frame.
    public var halfFootprint: (x: Double, y: Double) {
        switch self {
        case .box(let s), .basket(let s): return (s.x / 2, s.y / 2)
        case .cylinder(let r, _), .bowl(let r, _), .plate(let r, _), .sphere(let r): return (r, r)
        }
    }

    public var isRound: Bool {
        switch self {
        case .box, .basket: return false
        default: return true
        }
    }

    /// Width a gripper must span to hold it.
    public var graspWidth: Double {
        let h = halfFootprint
        return 2 * min(h.x, h.y)
    }

    public var isContainer: Bool {
        switch self {
        case .bowl, .basket: return true
        default: return false
        }
    }

    /// Height of the surface things rest on, above the object's bottom: the top,
    /// or for a container its inner floor.
    public var supportHeight: Double {
        switch self {
        case .bowl(_, let h): return min(0.01, h / 4)
        case .basket(let s): return min(0.01, s.z / 4)
        default: return height
        }
    }
}

/// A thing on the table or in the room. Immutable; where it is lives in state.
public struct SceneObject: Sendable, Equatable {
    public var name: String
    public var shape: ObjectShape
    public var color: String
    /// What kind of thing it is ("mug", "cube"), for grounding instructions.
    public var category: String
    public var graspable: Bool
    public var container: Bool
    /// Where it starts (its centre), before randomisation.
    public var start: Pose
    public var distractor: Bool

    public init(name: String, shape: ObjectShape, color: String, category: String, graspable: Bool,
                container: Bool, start: Pose, distractor: Bool = false) {
        self.name = name; self.shape = shape; self.color = color; self.category = category
        self.graspable = graspable; self.container = container; self.start = start; self.distractor = distractor
    }
}

/// A fixed box: table, shelf board, wall, counter. Objects may rest on its top.
public struct Fixture: Sendable, Equatable {
    public var name: String
    public var center: Vec3
    public var size: Vec3
    public var color: String

    public init(name: String, center: Vec3, size: Vec3, color: String = "brown") {
        self.name = name; self.center = center; self.size = size; self.color = color
    }

    public var top: Double { center.z + size.z / 2 }
    public func containsXY(_ p: Vec3, margin: Double = 0) -> Bool {
        abs(p.x - center.x) <= size.x / 2 + margin && abs(p.y - center.y) <= size.y / 2 + margin
    }
}

/// A named rectangle on the floor or table (axis-aligned), for `at(x, region)`.
public struct Region: Sendable, Equatable {
    public var name: String
    public var center: (x: Double, y: Double)
    public var size: (x: Double, y: Double)

    public init(name: String, center: (x: Double, y: Double), size: (x: Double, y: Double)) {
        self.name = name; self.center = center; self.size = size
    }

    public func contains(x: Double, y: Double) -> Bool {
        abs(x - center.x) <= size.x / 2 && abs(y - center.y) <= size.y / 2
    }

    public static func == (a: Region, b: Region) -> Bool {
        a.name == b.name && a.center == b.center && a.size == b.size
    }
}

public struct Randomization: Sendable, Equatable {
    /// Uniform jitter of object x, y (m) and yaw (rad / 10 per cm).
    public var jitter: Double = 0
    /// How many distractor objects to add.
    public var distractors: Int = 0
    /// Recolour distractors at random.
    public var colors: Bool = false
    /// Uniform jitter of the robot's base x, y (m).
    public var baseOffset: Double = 0

    public init(jitter: Double = 0, distractors: Int = 0, colors: Bool = false, baseOffset: Double = 0) {
        self.jitter = jitter; self.distractors = distractors; self.colors = colors; self.baseOffset = baseOffset
    }
}

/// What the path of a trajectory task is about.
public enum PathSubject: String, Sendable, Codable, CaseIterable {
    case endEffector = "end_effector"
    case base
}

public struct TaskSpec: Sendable {
    public var instruction: String
    public var goalText: String
    public var goal: Goal
    public var maxSteps: Int
    /// Navigation and trajectory tasks: the reference path (world frame).
    public var referencePath: [Vec3]
    public var pathSubject: PathSubject?
    /// Trajectory tasks succeed when ADE is at most this (m).
    public var successADE: Double?
    /// Where the file declared this task, for messages.
    public var line: Int

    public init(instruction: String, goalText: String, goal: Goal, maxSteps: Int, referencePath: [Vec3] = [],
                pathSubject: PathSubject? = nil, successADE: Double? = nil, line: Int = 0) {
        self.instruction = instruction; self.goalText = goalText; self.goal = goal; self.maxSteps = maxSteps
        self.referencePath = referencePath; self.pathSubject = pathSubject; self.successADE = successADE; self.line = line
    }
}

/// An immutable scene: fixtures, objects' starting places, regions, map, tasks.
public struct SceneModel: Sendable {
    public var name: String
    public var family: SceneFamily
    public var robotName: String
    /// Where the robot's base starts in the world.
    public var robotStart: Pose2D
    /// Height the robot's base stands at (a tabletop arm stands on the table).
    public var robotHeight: Double
    public var fixtures: [Fixture]
    public var objects: [SceneObject]
    public var regions: [Region]
    public var map: NavigationMap?
    public var tasks: [TaskSpec]
    public var randomization: Randomization
    /// Navigation success distance (m), stated in the scene file.
    public var successDistance: Double
    public var source: String
    /// Cameras the scene declares (`cameras:`), over the card's and the defaults.
    public var cameras: [CameraOverride] = []
    /// Things that open, turn or toggle (drawers, doors, knobs, buttons).
    public var parts: [ArticulatedPart] = []

    public init(name: String, family: SceneFamily, robotName: String, robotStart: Pose2D, robotHeight: Double,
                fixtures: [Fixture], objects: [SceneObject], regions: [Region], map: NavigationMap?,
                tasks: [TaskSpec], randomization: Randomization, successDistance: Double, source: String) {
        self.name = name; self.family = family; self.robotName = robotName; self.robotStart = robotStart
        self.robotHeight = robotHeight; self.fixtures = fixtures; self.objects = objects; self.regions = regions
        self.map = map; self.tasks = tasks; self.randomization = randomization
        self.successDistance = successDistance; self.source = source
    }

    public func objectIndex(_ name: String) -> Int? { objects.firstIndex { $0.name == name } }
    public func fixture(_ name: String) -> Fixture? { fixtures.first { $0.name == name } }
    public func region(_ name: String) -> Region? { regions.first { $0.name == name } }
    public func partIndex(_ name: String) -> Int? { parts.firstIndex { $0.name == name } }
}
