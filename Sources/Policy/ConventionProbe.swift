import Foundation
import Kinematics
import Spatial
import World

/// Speaks a canonical sequence in the convention a prompt claims and watches the
/// body's true response: the one-command version of how practitioners bisect a
/// wrong action mapping.
public enum ConventionProbe {
    public struct Result: Sendable {
        public var asked: String
        public var observed: String
        public var ok: Bool
        public var refused: String?
    }

    /// Probes from the home pose in an empty world (no scene objects).
    public static func run(robot: RobotModel, prompt: String) -> [Result] {
        let claim = PromptParser.parse(prompt, robot: robot).claimed
        let scene = SceneModel(name: "probe", family: robot.mobileBase != nil && robot.arms.isEmpty ? .navigation : .trajectory,
                               robotName: robot.name, robotStart: Pose2D(), robotHeight: 0, fixtures: [], objects: [], regions: [],
                               map: nil, tasks: [], randomization: Randomization(), successDistance: 1, source: "probe")
        let (model, home) = WorldModel.make(scene: scene, robot: robot, seed: 0)
        var out: [Result] = []
        if !robot.arms.isEmpty {
            let d = 0.02
            let moves: [(String, Vec3)] = [("+x", Vec3(d, 0, 0)), ("+y", Vec3(0, d, 0)), ("+z", Vec3(0, 0, d))]
            let start = model.toolPose(home, arm: 0)
            for (name, v) in moves {
                var encoder = ActionEncoder(model: model, claim: claim, state: home)
                var intent = hold(robot, home)
                intent.tools[0] = start.translation + v
                let action = encoder.encode(intent)
                let r = Controller.step(model, home, action: action)
                if r.refused { out.append(Result(asked: "\(name) \(cm(d))", observed: "refused: \(r.events.first?.message ?? "")", ok: false, refused: r.events.first?.message)); continue }
                let moved = model.toolPose(r.state, arm: 0).translation - start.translation
                let along = dot(moved, normalize(v))
                let ok = abs(along - d) < 0.3 * d && length(moved - normalize(v) * along) < 0.3 * d
                out.append(Result(asked: "\(name) \(cm(d))", observed: "moved \(describe(moved))", ok: ok, refused: nil))
            }
            if claim.mode?.isEndEffector == true && robot.control.mode.isEndEffector {
                for (name, axis) in [("rotate +x", Vec3(1, 0, 0)), ("rotate +y", Vec3(0, 1, 0)), ("rotate +z", Vec3(0, 0, 1))] {
                    let angle = 0.1
                    // Hold still in the claimed convention, with a rotation: a change for
                    // a delta claim, the turned orientation for an absolute one.
                    var encoder = ActionEncoder(model: model, claim: claim, state: home)
                    var command = encoder.command(for: hold(robot, home))
                    let rot = Mat3(axisAngle: axis * angle)
                    if case .endEffector(let position, let orientation)? = command.arms.first?.motion {
                        command.arms[0].motion = claim.mode == .eeAbsolute
                            ? .endEffector(translation: position, rotation: rot * (orientation ?? .identity))
                            : .endEffector(translation: .zero, rotation: rot)
                    }
                    let action = ActionCodec.encode(command, encoder.convention)
                    let r = Controller.step(model, home, action: action)
                    if r.refused { out.append(Result(asked: name, observed: "refused: \(r.events.first?.message ?? "")", ok: false, refused: r.events.first?.message)); continue }
                    let delta = model.toolPose(r.state, arm: 0).rotation * start.rotation.transposed
                    let v = delta.axisAngle
                    let ok = length(v - axis * angle) < 0.3 * angle
                    out.append(Result(asked: "\(name) 0.1 rad", observed: String(format: "turned %.3f rad about [%.2f %.2f %.2f]", length(v), v.x / max(length(v), 1e-9), v.y / max(length(v), 1e-9), v.z / max(length(v), 1e-9)), ok: ok, refused: nil))
                }
            }
            for (name, open) in [("close", false), ("open", true)] {
                var from = home
                from.gripper[0] = open ? 0 : 1
                var encoder = ActionEncoder(model: model, claim: claim, state: from)
                var intent = hold(robot, from)
                intent.open[0] = open
                let r = Controller.step(model, from, action: encoder.encode(intent))
                if r.refused { out.append(Result(asked: name, observed: "refused: \(r.events.first?.message ?? "")", ok: false, refused: r.events.first?.message)); continue }
                let isOpen = isGripperOpen(r.state.gripper[0])
                out.append(Result(asked: "\(name) the gripper", observed: "gripper \(isOpen ? "opened" : "closed")", ok: isOpen == open, refused: nil))
            }
        }
        if robot.mobileBase != nil {
            for (name, target) in [("forward 10 cm", Pose2D(x: 0.1)), ("turn left 0.2 rad", Pose2D(yaw: 0.2))] {
                var encoder = ActionEncoder(model: model, claim: claim, state: home)
                var intent = hold(robot, home)
                intent.base = home.base * target
                let r = Controller.step(model, home, action: encoder.encode(intent))
                if r.refused { out.append(Result(asked: name, observed: "refused: \(r.events.first?.message ?? "")", ok: false, refused: r.events.first?.message)); continue }
                let moved = home.base.inverse * r.state.base
                let ok = abs(moved.x - target.x) < 0.04 + 0.3 * abs(target.x) && abs(wrapAngle(moved.yaw - target.yaw)) < 0.06 + 0.3 * abs(target.yaw)
                out.append(Result(asked: name, observed: String(format: "moved %.1f cm forward, %.1f cm left, turned %.2f rad", moved.x * 100, moved.y * 100, moved.yaw), ok: ok, refused: nil))
            }
        }
        return out
    }

    /// Stay where you are, grippers as they are.
    static func hold(_ robot: RobotModel, _ s: WorldState) -> Intent {
        Intent(tools: robot.arms.indices.map { _ in nil }, open: s.gripper.map(isGripperOpen), base: nil)
    }

    static func cm(_ v: Double) -> String { String(format: "%.0f cm", v * 100) }

    static func describe(_ v: Vec3) -> String {
        let parts = [("x", v.x), ("y", v.y), ("z", v.z)].filter { abs($0.1) > 0.002 }
        if parts.isEmpty { return "nothing" }
        return parts.map { String(format: "%@%@ %.1f cm", $0.1 > 0 ? "+" : "-", $0.0, abs($0.1) * 100) }.joined(separator: ", ")
    }
}
