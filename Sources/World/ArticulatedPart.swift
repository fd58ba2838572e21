#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif
import Spatial

/// What kind of joint an articulated part hangs on.
public enum PartKind: String, Sendable, CaseIterable, Codable {
    /// Prismatic: slides out along `axis` (metres); its inside holds things.
    case drawer
    /// Revolute about `axis` through `pivot` (radians): hinged doors and lids.
    case door
    /// Revolute about `axis` through `pivot` (radians), turned by a tab on its rim.
    case knob
    /// A two-state switch: each press toggles it (0 off, 1 on).
    case button

    public var isPrismatic: Bool { self == .drawer }
    public var isSwitch: Bool { self == .button }
    /// Metres or radians, for messages.
    public var unit: String { self == .drawer ? "m" : (self == .button ? "" : "rad") }
}

/// A thing in a scene that opens, turns or toggles: a drawer, a door, a knob, a
/// button. Immutable; its joint value lives in `WorldState.parts`. Every position
/// here is in the world frame with the joint at 0 (closed, off).
public struct ArticulatedPart: Sendable, Equatable {
    public var name: String
    public var kind: PartKind
    public var color: String
    /// The moving body at value 0: centre and size of its box. A drawer's box is its
    /// tray (open at the top); a door's its panel; a knob's its dial.
    public var center: Vec3
    public var size: Vec3
    /// Drawer: the unit direction it slides out. Door, knob: the unit rotation axis.
    public var axis: Vec3
    /// Door, knob: a point on the rotation axis (the hinge, the knob's centre).
    public var pivot: Vec3
    /// The point a gripper grasps (or presses, for a button) at value 0.
    public var handle: Vec3
    public var lower: Double
    public var upper: Double
    public var start: Double
    /// open(x) / turned_on(x) hold at or above this value; closed(x) at or below `closedAt`.
    public var openAt: Double
    public var closedAt: Double
    /// The fixture it is mounted in (a drawer's cabinet, a knob's stove), for words and drawing.
    public var mount: String?
    /// A door's inside, for a door that closes something (a microwave): a fixed box
    /// whose floor things rest on; `in(x, door)` holds for what is in it.
    public var cavity: PartCavity?

    public init(name: String, kind: PartKind, color: String = "gray", center: Vec3, size: Vec3, axis: Vec3, pivot: Vec3 = Vec3(0, 0, 0),
                handle: Vec3, lower: Double, upper: Double, start: Double = 0, openAt: Double? = nil, closedAt: Double? = nil, mount: String? = nil,
                cavity: PartCavity? = nil) {
        self.cavity = cavity
        self.name = name; self.kind = kind; self.color = color; self.center = center; self.size = size
        self.axis = normalize(axis); self.pivot = pivot; self.handle = handle
        self.lower = lower; self.upper = upper; self.start = start
        self.openAt = openAt ?? ArticulatedPart.defaultOpenAt(kind, lower: lower, upper: upper)
        self.closedAt = closedAt ?? ArticulatedPart.defaultClosedAt(kind, lower: lower)
        self.mount = mount
    }

    /// Documented defaults (docs/SCENES.md): a drawer or door is open past 60 % of its
    /// travel and closed within 1 cm / 0.05 rad of its lower limit; a knob is on past
    /// half its turn; a button is on at 1.
    public static func defaultOpenAt(_ kind: PartKind, lower: Double, upper: Double) -> Double {
        switch kind {
        case .drawer, .door: return lower + 0.6 * (upper - lower)
        case .knob: return lower + 0.5 * (upper - lower)
        case .button: return 0.5
        }
    }

    public static func defaultClosedAt(_ kind: PartKind, lower: Double) -> Double {
        switch kind {
        case .drawer: return lower + 0.01
        case .door, .knob: return lower + 0.05
        case .button: return 0.5
        }
    }

    /// Wall and floor thickness of a drawer's tray (m).
    public static let wall = 0.01

    /// How the body has moved from value 0: slid along the axis, or turned about it.
    public func transform(_ value: Double) -> Pose {
        if kind.isPrismatic { return Pose(translation: axis * value) }
        if kind.isSwitch { return .identity }
        let turn = Mat3(axisAngle: axis * value)
        return Pose(rotation: turn, translation: pivot - turn * pivot)
    }

    /// The handle's world position at `value`.
    public func handlePoint(_ value: Double) -> Vec3 { transform(value) * handle }

    /// The value a grasped handle at tool point `tool` asks for, unclipped: the tool's
    /// travel along a drawer's axis, or its angle about a door's or knob's axis
    /// (unwrapped to lie near `near`).
    public func value(followingTool tool: Vec3, near: Double) -> Double {
        if kind.isPrismatic { return dot(tool - handle, axis) }
        if kind.isSwitch { return near }
        let v0 = handle - pivot, v = tool - pivot
        let a0 = v0 - axis * dot(v0, axis), a = v - axis * dot(v, axis)
        guard length(a) > 1e-9, length(a0) > 1e-9 else { return near }
        var angle = atan2(dot(axis, cross(a0, a)), dot(a0, a))
        while angle - near > .pi { angle -= 2 * .pi }
        while angle - near < -.pi { angle += 2 * .pi }
        return angle
    }

    public func clamped(_ value: Double) -> Double { min(max(value, lower), upper) }

    public func isOpen(_ value: Double) -> Bool { value >= openAt - 1e-9 }
    public func isClosed(_ value: Double) -> Bool { value <= closedAt + 1e-9 }

    /// Whether things can be put in it: a drawer, or a door with a cavity.
    public var holdsThings: Bool { kind == .drawer || cavity != nil }

    /// The floor things inside rest on: a drawer's tray floor, a cavity's floor.
    public var floorHeight: Double {
        if let cavity { return cavity.center.z - cavity.size.z / 2 }
        return center.z - size.z / 2 + ArticulatedPart.wall
    }

    /// Whether a point's x, y lies inside a drawer's tray at `value` (walls excluded),
    /// or inside a door's cavity.
    public func trayContainsXY(_ p: Vec3, value: Double) -> Bool {
        if let cavity { return abs(p.x - cavity.center.x) <= cavity.size.x / 2 && abs(p.y - cavity.center.y) <= cavity.size.y / 2 }
        guard kind == .drawer else { return false }
        let c = center + axis * value
        return abs(p.x - c.x) <= size.x / 2 - ArticulatedPart.wall && abs(p.y - c.y) <= size.y / 2 - ArticulatedPart.wall
    }

    /// Whether an object (its centre `p`, its bottom `bottom`) is inside a drawer's tray or a cavity.
    public func holds(_ p: Vec3, bottom: Double, value: Double) -> Bool {
        let top = cavity.map { $0.center.z + $0.size.z / 2 } ?? center.z + size.z / 2
        return trayContainsXY(p, value: value) && bottom >= floorHeight - 0.015 && bottom <= top
    }

    /// The state a value reads as, for the inspector and the log ("0.12 / 0.20 m open").
    public func stateText(_ value: Double) -> String {
        switch kind {
        case .button: return value >= openAt ? "on" : "off"
        case .knob:
            return "\(fmt(value)) / \(fmt(upper)) rad " + (isOpen(value) ? "on" : "off")
        case .drawer, .door:
            let word = isOpen(value) ? "open" : (isClosed(value) ? "closed" : "ajar")
            return "\(fmt(value)) / \(fmt(upper)) \(kind.unit) \(word)"
        }
    }
}

/// The inside a door closes (a microwave's): a box, world frame.
public struct PartCavity: Sendable, Equatable {
    public var center: Vec3
    public var size: Vec3
    public init(center: Vec3, size: Vec3) { self.center = center; self.size = size }
}

/// One articulated part's joint, as plain values.
public struct PartState: Sendable, Equatable {
    public var value: Double
    /// The arm whose gripper holds the handle.
    public var heldBy: Int?
    /// A button: whether the tool is pressing it now (a press toggles once).
    public var pressed: Bool

    public init(value: Double, heldBy: Int? = nil, pressed: Bool = false) {
        self.value = value; self.heldBy = heldBy; self.pressed = pressed
    }
}
