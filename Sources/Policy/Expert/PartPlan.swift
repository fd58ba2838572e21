import Foundation
import Spatial
import World

/// Drawers, doors, knobs and buttons: approach the handle from outside, take it, move
/// it along its track to the end the action asks for, let go and back away.
extension ExpertPlanner {
    /// Whether a part is where an action leaves it.
    func isDone(_ k: Int, _ action: PartAction) -> Bool {
        let part = model.scene.parts[k], value = state.parts[k].value
        switch action {
        case .open, .turnOn: return part.isOpen(value)
        case .close, .turnOff: return part.isClosed(value)
        }
    }

    /// Where the joint is taken to: all the way (limits are where a real one stops).
    func targetValue(_ k: Int, _ action: PartAction) -> Double {
        let part = model.scene.parts[k]
        switch action {
        case .open, .turnOn: return part.upper
        case .close, .turnOff: return part.lower
        }
    }

    /// The side a handle is approached from: out along a drawer's axis, from above a
    /// knob or button, out from a door's hinge.
    func approachDirection(_ k: Int) -> Vec3 {
        let part = model.scene.parts[k]
        switch part.kind {
        case .drawer: return part.axis
        case .knob, .button: return Vec3(0, 0, 1)
        case .door:
            let value = state.parts[k].value
            let r = part.handlePoint(value) - part.transform(value) * part.pivot
            let out = r - part.axis * dot(r, part.axis)
            return length(out) > 1e-6 ? normalize(out) : Vec3(0, 0, 1)
        }
    }

    func operatePlan(_ k: Int, _ action: PartAction, arm a: Int) -> Plan {
        let part = model.scene.parts[k]
        let value = state.parts[k].value
        let handle = part.handlePoint(value)
        if let drive = driveWithinReach(of: handle, arm: a) { return .success((drive, false, nil)) }
        if state.parts[k].heldBy == a {
            let goal = targetValue(k, action)
            if abs(value - goal) < 1e-3 || isDone(k, action) && abs(value - goal) < 0.02 {
                // Let go, and back away the way the handle was approached.
                var intents = gripperIntents(a, open: true, count: 2)
                intents += moveArm(a, to: [handle + approachDirection(k) * 0.06], open: true, start: tool(a))
                return .success((Array(intents.prefix(horizon)), false, nil))
            }
            // Along the track: a line for a drawer, short chords of the arc for a door or knob.
            let pieces = part.kind.isPrismatic ? 1 : max(1, clampedInt(abs(goal - value) / 0.08, .up))
            let points = (1...pieces).map { part.handlePoint(value + (goal - value) * Double($0) / Double(pieces)) }
            return .success((moveArm(a, to: points, open: false), false, nil))
        }
        if part.kind.isSwitch {
            // A button: press down through it and come back up.
            let above = handle + Vec3(0, 0, 0.05)
            if length(tool(a) - above) < 0.006 || length(tool(a) - handle) < 0.02 {
                return .success((moveArm(a, to: [handle - Vec3(0, 0, 0.005), above], open: false), false, nil))
            }
            if isGripperOpen(state.gripper[a]) { return .success((gripperIntents(a, open: false), false, nil)) }
            return .success((transfer(a, to: above, safeZ: safeHeight(ignoring: nil), open: false), false, nil))
        }
        if length(tool(a) - handle) < 0.006 {
            return .success((gripperIntents(a, open: false, count: 2), false, nil))
        }
        if !isGripperOpen(state.gripper[a]) && !state.objects.contains(where: { $0.heldBy == a }) {
            return .success((gripperIntents(a, open: true), false, nil))
        }
        let before = handle + approachDirection(k) * 0.06
        // On the way in (from the approach point to the handle): go on in.
        if length(tool(a) - LinkShapes.closestPoint(onSegment: before, handle, to: tool(a))) < 0.006 {
            return .success((moveArm(a, to: [handle], open: true, settle: 1), false, nil))
        }
        return .success((transfer(a, to: before, safeZ: safeHeight(ignoring: nil), open: true), false, nil))
    }

    /// Where to let an object go inside a door's cavity: inside it by the object's
    /// radius and a centimetre, nearest the robot (the opening's side).
    func cavitySpot(_ i: Int, cavity: PartCavity, floor: Double) -> Vec3? {
        let r = max(model.objects[i].shape.halfFootprint.x, model.objects[i].shape.halfFootprint.y) + 0.01
        let hx = cavity.size.x / 2 - r, hy = cavity.size.y / 2 - r
        guard hx >= 0, hy >= 0, model.objects[i].shape.height < cavity.size.z else { return nil }
        let armBase = model.basePose(state).translation
        var best: Vec3?
        for ix in -6...6 {
            for iy in -6...6 {
                let p = Vec3(cavity.center.x + hx * Double(ix) / 6, cavity.center.y + hy * Double(iy) / 6, 0)
                if best.map({ hypot(p.x - armBase.x, p.y - armBase.y) < hypot($0.x - armBase.x, $0.y - armBase.y) }) ?? true { best = p }
            }
        }
        return best.map { Vec3($0.x, $0.y, floor + model.objects[i].shape.height / 2 + 0.01) }
    }

    /// Into a door's cavity through its opening: across to a point in front of it at
    /// the height of the release, straight in, let go, and straight back out.
    func placeThroughOpening(_ i: Int, spot: Vec3, part k: Int, arm a: Int) -> Plan {
        guard state.objects[i].heldBy == a, let cavity = model.scene.parts[k].cavity else { return pickPlan(i, arm: a) }
        let part = model.scene.parts[k]
        // Out of the opening: from the cavity's centre toward the closed door, level.
        var out = part.center - cavity.center
        out.z = 0
        out = length(out) > 1e-6 ? normalize(out) : Vec3(-1, 0, 0)
        let grip = tool(a) - state.objects[i].pose.translation
        let goal = spot + grip
        let depth = abs(dot(spot - part.center, out))
        let entrance = goal + out * (depth + 0.1)
        if length(tool(a) - goal) < 0.006 {
            var intents = gripperIntents(a, open: true, count: 2)
            intents += moveArm(a, to: [entrance], open: true, start: goal)
            return .success((Array(intents.prefix(horizon)), false, nil))
        }
        if length(tool(a) - LinkShapes.closestPoint(onSegment: entrance, goal, to: tool(a))) < 0.006 {
            return .success((moveArm(a, to: [goal], open: false, settle: 2), false, nil))
        }
        return .success((transfer(a, to: entrance, safeZ: safeHeight(ignoring: i) + 0.02, open: false), false, nil))
    }

    /// Where to let an object go in an open drawer: inside its tray and clear of the
    /// cabinet it slides out of, nearest the robot.
    func drawerSpot(_ i: Int, part k: Int) -> Vec3? {
        let part = model.scene.parts[k]
        if let cavity = part.cavity { return cavitySpot(i, cavity: cavity, floor: part.floorHeight) }
        let value = state.parts[k].value
        let r = max(model.objects[i].shape.halfFootprint.x, model.objects[i].shape.halfFootprint.y)
        let c = part.center + part.axis * value
        let hx = part.size.x / 2 - ArticulatedPart.wall - r, hy = part.size.y / 2 - ArticulatedPart.wall - r
        guard hx >= 0, hy >= 0 else { return nil }
        let mount = part.mount.flatMap { model.scene.fixture($0) }
        let armBase = model.basePose(state).translation
        var best: Vec3?
        var bestD = Double.infinity
        for ix in -8...8 {
            for iy in -8...8 {
                let p = Vec3(c.x + hx * Double(ix) / 8, c.y + hy * Double(iy) / 8, 0)
                if let m = mount {
                    let dx = max(abs(p.x - m.center.x) - m.size.x / 2, 0), dy = max(abs(p.y - m.center.y) - m.size.y / 2, 0)
                    if dx * dx + dy * dy < (r + 0.005) * (r + 0.005) { continue }
                }
                let d = hypot(p.x - armBase.x, p.y - armBase.y)
                if d < bestD { best = p; bestD = d }
            }
        }
        return best.map { Vec3($0.x, $0.y, part.floorHeight + model.objects[i].shape.height / 2 + 0.01) }
    }
}
