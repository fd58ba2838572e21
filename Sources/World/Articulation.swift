import Spatial

/// How articulated parts move: a grasped handle drags its part along the joint (a
/// drawer's axis, a door's or knob's arc) within its limits; a pull past a limit or
/// across the track is refused, and the arm stays where it was. A tool pressing a
/// button toggles it. Things in a drawer's tray ride along with it.
public enum Articulation {
    /// A closed gripper takes a handle within this distance of its tool point (m).
    public static let handleReach = 0.025
    /// The tool may stray this far from the handle's track before the part refuses (m).
    public static let trackTolerance = 0.03
    /// …and pull this far past a limit (m, along the track).
    public static let limitTolerance = 0.005

    /// The nearest handle a closing gripper at `tool` can take, with its distance.
    public static func reachableHandle(_ model: WorldModel, _ s: WorldState, tool: Vec3) -> (part: Int, distance: Double)? {
        var best: (Int, Double)?
        for (k, part) in model.scene.parts.enumerated() where !part.kind.isSwitch {
            let d = length(part.handlePoint(s.parts[k].value) - tool)
            if d <= handleReach, d < (best?.1 ?? .infinity) { best = (k, d) }
        }
        return best
    }

    /// Moves every held part after the arms moved. Returns true when a part refused
    /// the motion: the caller then puts the arms (and base) back.
    public static func follow(_ model: WorldModel, _ s: inout WorldState, events: inout [WorldEvent]) -> Bool {
        var refused = false
        for (k, part) in model.scene.parts.enumerated() {
            guard let a = s.parts[k].heldBy, a < model.robot.arms.count else { continue }
            let tool = model.toolPose(s, arm: a).translation
            let old = s.parts[k].value
            let raw = part.value(followingTool: tool, near: old)
            let clipped = part.clamped(raw)
            let lever = part.kind.isPrismatic ? 1 : max(1e-3, radius(of: part))
            let overshoot = abs(raw - clipped) * lever
            let stray = length(tool - part.handlePoint(clipped))
            if overshoot > limitTolerance {
                events.append(WorldEvent(.blocked, "\(part.name) blocked at \(fmt(clipped)) \(part.kind.unit): it goes no further that way"))
                refused = true
                continue
            }
            if stray > trackTolerance {
                events.append(WorldEvent(.blocked, "\(part.name) cannot move that way: the tool left its track by \(Contacts.mm(stray)); move along the \(part.kind.isPrismatic ? "drawer's axis" : "arc")"))
                refused = true
                continue
            }
            set(model, part: k, to: clipped, &s, events: &events)
        }
        return refused
    }

    /// Sets a part's joint, carrying what is in its tray and saying when it opens or closes.
    public static func set(_ model: WorldModel, part k: Int, to value: Double, _ s: inout WorldState, events: inout [WorldEvent]) {
        let part = model.scene.parts[k]
        let old = s.parts[k].value
        guard value != old else { return }
        if part.kind == .drawer && part.cavity == nil {
            let shift = part.axis * (value - old)
            for i in s.objects.indices where s.objects[i].heldBy == nil {
                let p = s.objects[i].pose.translation
                if part.holds(p, bottom: p.z - model.objects[i].shape.height / 2, value: old) {
                    s.objects[i].pose.translation += shift
                }
            }
        }
        s.parts[k].value = value
        let word: (Bool) -> String = { on in
            switch part.kind {
            case .knob, .button: return on ? "turned on" : "turned off"
            case .drawer, .door: return on ? "opened" : "closed"
            }
        }
        if part.isOpen(value) && !part.isOpen(old) {
            events.append(WorldEvent(.articulation, "\(part.name) \(word(true)) (\(part.stateText(value)))"))
        } else if part.isClosed(value) && !part.isClosed(old) {
            events.append(WorldEvent(.articulation, "\(part.name) \(word(false)) (\(part.stateText(value)))"))
        }
    }

    /// Buttons: a tool point inside a button's box (1 cm around it) presses it; each
    /// new press toggles it.
    public static func press(_ model: WorldModel, _ s: inout WorldState, events: inout [WorldEvent]) {
        for (k, part) in model.scene.parts.enumerated() where part.kind.isSwitch {
            let h = part.size / 2 + Vec3(0.01, 0.01, 0.01)
            let touching = model.robot.arms.indices.contains { a in
                let d = model.toolPose(s, arm: a).translation - part.center
                return abs(d.x) <= h.x && abs(d.y) <= h.y && abs(d.z) <= h.z
            }
            if touching && !s.parts[k].pressed {
                set(model, part: k, to: s.parts[k].value >= 0.5 ? 0 : 1, &s, events: &events)
            }
            s.parts[k].pressed = touching
        }
    }

    /// Distance from a revolute part's axis to its handle.
    static func radius(of part: ArticulatedPart) -> Double {
        let v = part.handle - part.pivot
        return length(v - part.axis * dot(v, part.axis))
    }
}
