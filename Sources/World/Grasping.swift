import Kinematics
import Spatial

/// Whether a gripper opening (0 closed … 1 open, as `WorldState.gripper` holds
/// it) counts as open: the one threshold that grasping, plans, drawings and
/// messages share.
public func isGripperOpen(_ opening: Double) -> Bool { opening >= 0.5 }

/// Attach on close, release on open, settle released objects onto supports.
public enum Grasping {
    /// Whether an object sits in an arm's grasp volume: its centre within a small
    /// sphere around the tool point, and narrow enough for the open gripper.
    public static func inGraspVolume(_ model: WorldModel, _ s: WorldState, arm: Int, object i: Int) -> Bool {
        inGraspVolume(model, s, arm: arm, tool: model.toolPose(s, arm: arm).translation, object: i)
    }

    /// The same, with the tool point already computed (contacts check every object).
    public static func inGraspVolume(_ model: WorldModel, _ s: WorldState, arm: Int, tool: Vec3, object i: Int) -> Bool {
        let o = model.objects[i]
        guard o.graspable else { return false }
        let gripper = model.robot.arms[arm].gripper
        guard gripper.type != .none, o.shape.graspWidth <= gripper.maxWidth + 1e-9 else { return false }
        let reach = max(0.02, min(o.shape.height / 2, o.shape.graspWidth / 2)) + 0.01
        return length(s.objects[i].pose.translation - tool) <= reach
    }

    /// Puts every held object where its grip says, relative to its tool: call it
    /// after moving joints or the base by any means other than `Controller.step`.
    public static func carryHeldObjects(_ model: WorldModel, _ s: inout WorldState) {
        for i in s.objects.indices {
            if let a = s.objects[i].heldBy {
                // What rests in or on it (a carried bowl's contents) goes with it.
                Carrying.move(i, to: model.toolPose(s, arm: a) * s.objects[i].grip, model, &s)
            }
        }
    }

    static func update(_ model: WorldModel, previous: WorldState, _ s: inout WorldState, events: inout [WorldEvent]) {
        carryHeldObjects(model, &s)
        for a in model.robot.arms.indices where a < s.gripper.count {
            let wasOpen = isGripperOpen(previous.gripper[a]), isOpen = isGripperOpen(s.gripper[a])
            let armName = model.robot.arms[a].name
            if wasOpen && !isOpen {
                // Closing: take the nearest graspable object in the volume (even from the other hand).
                let tool = model.toolPose(s, arm: a)
                let candidates = s.objects.indices.filter { inGraspVolume(model, s, arm: a, tool: tool.translation, object: $0) }
                let nearest = candidates.min(by: { length(s.objects[$0].pose.translation - tool.translation) < length(s.objects[$1].pose.translation - tool.translation) })
                // A handle nearer than any object is what the gripper closes on.
                if let handle = Articulation.reachableHandle(model, s, tool: tool.translation),
                   nearest.map({ length(s.objects[$0].pose.translation - tool.translation) > handle.distance }) ?? true {
                    s.parts[handle.part].heldBy = a
                    events.append(WorldEvent(.grasp, "\(armName) grasped the handle of \(model.scene.parts[handle.part].name)"))
                } else if let i = nearest {
                    let from = s.objects[i].heldBy
                    s.objects[i].heldBy = a
                    s.objects[i].grip = tool.inverse * s.objects[i].pose
                    let handover = from.map { " (handed over from \(model.robot.arms[$0].name))" } ?? ""
                    events.append(WorldEvent(.grasp, "\(armName) grasped \(model.objects[i].name)\(handover)"))
                }
            } else if !wasOpen && isOpen {
                for k in s.parts.indices where s.parts[k].heldBy == a {
                    s.parts[k].heldBy = nil
                    events.append(WorldEvent(.release, "\(armName) let go of the handle of \(model.scene.parts[k].name)"))
                }
                for i in s.objects.indices where s.objects[i].heldBy == a {
                    s.objects[i].heldBy = nil
                    events.append(WorldEvent(.release, "\(armName) released \(model.objects[i].name)"))
                    let (pose, support) = settle(model, s, object: i)
                    // Its contents come down with it.
                    Carrying.move(i, to: pose, model, &s)
                    events.append(WorldEvent(.settle, "\(model.objects[i].name) came to rest on \(support)"))
                }
            }
        }
    }

    /// Where a released object comes to rest: upright (yaw kept) on the highest
    /// support beneath its centre — a container's floor, another object's top, a
    /// fixture's top (table, shelf), or the floor.
    public static func settle(_ model: WorldModel, _ s: WorldState, object i: Int) -> (Pose, String) {
        let o = model.objects[i]
        let p = s.objects[i].pose.translation
        let bottom = p.z - o.shape.height / 2
        var bestZ = 0.0
        var bestName = "the floor"
        func consider(_ z: Double, _ name: String) {
            // A support must be below the object's bottom (small tolerance for resting contact).
            if z <= bottom + 0.02 && z > bestZ { bestZ = z; bestName = name }
        }
        for f in model.scene.fixtures where f.containsXY(p) { consider(f.top, f.name) }
        for (k, part) in model.scene.parts.enumerated() where part.trayContainsXY(p, value: model.partValue(k, s)) {
            consider(part.floorHeight, "the floor of \(part.name)")
        }
        for (j, other) in model.objects.enumerated() where j != i && s.objects[j].heldBy == nil {
            let c = s.objects[j].pose.translation
            let h = other.shape.halfFootprint
            let local = s.objects[j].pose.rotation.transposed * (p - c)
            let inside: Bool = other.shape.isRound ? hypot2(local.x, local.y) <= h.x : (abs(local.x) <= h.x && abs(local.y) <= h.y)
            guard inside else { continue }
            let otherBottom = c.z - other.shape.height / 2
            consider(otherBottom + other.shape.supportHeight, other.container ? "the floor of \(other.name)" : other.name)
        }
        let yaw = atan2(s.objects[i].pose.rotation[1, 0], s.objects[i].pose.rotation[0, 0])
        return (Pose(rotation: .rotZ(yaw), translation: Vec3(p.x, p.y, bestZ + o.shape.height / 2)), bestName)
    }
}

#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif
