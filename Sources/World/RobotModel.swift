import Kinematics
import Spatial

public enum RobotKind: String, Sendable, CaseIterable, Codable {
    case arm
    case bimanual
    case mobileBase = "mobile_base"
    case mobileManipulator = "mobile_manipulator"
}

public struct GripperModel: Sendable, Equatable {
    public enum GripperType: String, Sendable, CaseIterable { case parallel, none }
    public var type: GripperType
    public var maxWidth: Double

    public init(type: GripperType, maxWidth: Double) {
        self.type = type
        self.maxWidth = maxWidth
    }
}

/// One arm: its serial chain inside the robot's tree and its gripper.
public struct Arm: Sendable {
    public var name: String
    public var chain: Chain
    public var gripper: GripperModel
    /// Names of the movable joints of this arm, in q order.
    public var jointNames: [String]
    /// q indices of those joints (the arm's own, without a shared torso).
    public var jointQ: [Int]
    /// This arm's indices into the robot's q.
    public var qIndices: [Int] { chain.active }

    public init(name: String, chain: Chain, gripper: GripperModel, jointNames: [String]) {
        self.name = name
        self.chain = chain
        self.gripper = gripper
        self.jointNames = jointNames
        let tree = chain.tree
        self.jointQ = chain.active.filter { jointNames.contains(tree.joints[tree.movableJoints[$0]].name) }
    }
}

/// An immutable robot model loaded from an embodiment card. Everything that
/// moves lives in state (q, base pose); this never changes during an episode.
public struct RobotModel: Sendable {
    public var name: String
    public var tag: String
    public var waist: Bool
    public var tree: KinematicTree
    public var arms: [Arm]
    public var home: [Double]
    public var mobileBase: MobileBaseModel?
    public var control: ControlConvention
    /// The card this model came from, for messages.
    public var source: String
    /// What the loader left out on purpose (URDF meshes), to show the user.
    public var notes: [String]
    /// The card's own prompt template (placeholders as Qwen-VLA's), if it has one.
    public var promptTemplate: String?
    /// Cameras the card declares (`cameras:`), over the derived defaults (see CameraDefaults).
    public var cameras: [CameraOverride] = []
    /// Observation keys for remote policies (`observation:`).
    public var observation = ObservationConfig()

    public init(name: String, tag: String, waist: Bool, tree: KinematicTree, arms: [Arm], home: [Double],
                mobileBase: MobileBaseModel?, control: ControlConvention, source: String, notes: [String] = []) {
        self.name = name; self.tag = tag; self.waist = waist; self.tree = tree; self.arms = arms
        self.home = home; self.mobileBase = mobileBase; self.control = control; self.source = source; self.notes = notes; self.promptTemplate = nil
    }

    public var kind: RobotKind {
        switch (arms.count, mobileBase != nil) {
        case (0, _): return .mobileBase
        case (_, true): return .mobileManipulator
        case (1, false): return .arm
        default: return .bimanual
        }
    }

    /// Degrees of freedom: movable joints, plus 3 for a mobile base (x, y, yaw).
    public var dof: Int { tree.dof + (mobileBase != nil ? 3 : 0) }

    public func arm(named name: String) -> Arm? { arms.first { $0.name == name } }

    /// Names of the action vector's channels, in order, derived from the convention.
    public var actionLayout: [String] {
        var names: [String] = []
        let armMode = control.mode.isBase ? nil : control.mode
        for arm in arms {
            let prefix = arms.count > 1 ? "\(arm.name)_" : ""
            if let armMode {
                if armMode.isJoint {
                    names += arm.jointNames.map { $0.hasPrefix(prefix) ? $0 : prefix + $0 }
                } else {
                    names += ["x", "y", "z"].map { prefix + $0 }
                    switch control.rotation {
                    case .axisAngle: names += ["rx", "ry", "rz"].map { prefix + $0 }
                    case .rpy: names += ["roll", "pitch", "yaw"].map { prefix + $0 }
                    case .quaternion: names += ["qw", "qx", "qy", "qz"].map { prefix + $0 }
                    case .none: break
                    }
                }
            }
            if control.grippers.contains(where: { $0.arm == arm.name }) { names.append(prefix + "gripper") }
        }
        let baseMode = control.mode.isBase ? control.mode : control.baseMode
        if let baseMode, let base = mobileBase {
            if baseMode == .baseWaypoint {
                names += ["dx", "dy", "dyaw"]
            } else if baseMode == .baseDiscrete {
                names += ["command"]
            } else {
                names += base.isHolonomic ? ["vx", "vy", "omega"] : ["v", "omega"]
            }
        }
        return names
    }

    public var actionDimension: Int { actionLayout.count }

    /// Where each arm's gripper channel must be, given the derived layout.
    public var expectedGripperChannels: [String: Int] {
        var result: [String: Int] = [:]
        let layout = actionLayout
        for arm in arms {
            let key = arms.count > 1 ? "\(arm.name)_gripper" : "gripper"
            if let i = layout.firstIndex(of: key) { result[arm.name] = i }
        }
        return result
    }
}
