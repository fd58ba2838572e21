import Foundation
import Kinematics
import Spatial
import World

/// Speaks a canonical sequence in the convention a prompt claims and watches the
/// body's true response: the one-command version of how practitioners bisect a
/// wrong action mapping. Every error the linter reports shows here as a probe
/// that disagrees (`aspects(showing:)` says which), and a prompt the linter
/// finds no error in passes every probe.
public enum ConventionProbe {
    /// What a probe exercises.
    public enum Aspect: String, Sendable, CaseIterable, Codable {
        case translation, rotation, gripper, timing, base
    }

    public struct Result: Sendable {
        public var asked: String
        public var observed: String
        public var ok: Bool
        public var refused: String?
        public var aspect: Aspect
    }

    /// The probes that show a linter error in `field` (a wrong length is refused by all of them).
    public static func aspects(showing field: String) -> Set<Aspect> {
        switch field {
        case "frame", "units_translation", "mode": return [.translation, .base]
        case "rotation": return [.rotation, .translation]
        case "units_rotation": return [.rotation, .translation, .base]
        case "slot_order": return [.translation, .rotation, .base]
        case "gripper_sign": return [.gripper]
        case "gripper_channel": return [.gripper, .translation, .rotation]
        case "frequency_hz": return [.timing, .base]   // a base velocity held for the wrong time covers the wrong distance
        case "base_mode": return [.base, .timing]
        default: return Set(Aspect.allCases)   // dimension, padding, gripper, arms, mobile_base, joints: every action is refused
        }
    }

    /// Where the probe puts the robot: off the world's origin and turned, so a
    /// world-frame claim on a base-frame card (or the reverse) shows.
    static let start = Pose2D(x: 0.3, y: -0.2, yaw: 0.5)

    /// Probes from the home pose in an empty world (no scene objects). Each asks
    /// for one thing twice — in the claimed convention and in the card's own —
    /// and compares what the body did: limits and IK shape both alike, so only a
    /// difference in convention makes a probe disagree. The speed probes compare
    /// with what the claim plans instead (a velocity is carried out alike either way).
    public static func run(robot: RobotModel, prompt: String) -> [Result] {
        let claim = PromptParser.parse(prompt, robot: robot).claimed
        let scene = SceneModel(name: "probe", family: robot.mobileBase != nil && robot.arms.isEmpty ? .navigation : .trajectory,
                               robotName: robot.name, robotStart: start, robotHeight: 0, fixtures: [], objects: [], regions: [],
                               map: nil, tasks: [], randomization: Randomization(), successDistance: 1, source: "probe")
        let (model, home) = WorldModel.make(scene: scene, robot: robot, seed: 0)
        let probe = Probe(model: model, claim: claim, truth: ClaimedConvention(robot: robot))
        var out: [Result] = []
        if !robot.arms.isEmpty { out += probe.arm(home) }
        if robot.mobileBase != nil { out += probe.base(home) }
        return out
    }

    struct Probe {
        let model: WorldModel
        let claim: ClaimedConvention
        let truth: ClaimedConvention
        var robot: RobotModel { model.robot }

        /// Steps `from` once with the claim's and with the card's action for the same request.
        func both(_ from: WorldState, _ action: (ClaimedConvention) -> [Double]) -> (claimed: StepResult, card: StepResult) {
            (Controller.step(model, from, action: action(claim)), Controller.step(model, from, action: action(truth)))
        }

        func encode(_ c: ClaimedConvention, _ from: WorldState, _ intent: Intent) -> [Double] {
            var encoder = ActionEncoder(model: model, claim: c, state: from)
            return encoder.encode(intent)
        }

        func refusal(_ r: StepResult, asked: String, aspect: Aspect) -> Result? {
            guard r.refused else { return nil }
            let message = r.events.first?.message ?? ""
            return Result(asked: asked, observed: "refused: \(message)", ok: false, refused: message, aspect: aspect)
        }

        func arm(_ home: WorldState) -> [Result] {
            var out: [Result] = []
            let axes = Mat3.rotZ(home.base.yaw)   // the robot base's axes in the world
            // Each arm: 2 cm along the base's axes in one step, then its gripper alone.
            for a in robot.arms.indices {
                let which = robot.arms.count > 1 ? "\(robot.arms[a].name) arm " : ""
                let tool = model.toolPose(home, arm: a)
                for (name, v) in [("+x", Vec3(0.02, 0, 0)), ("+y", Vec3(0, 0.02, 0)), ("+z", Vec3(0, 0, 0.02))] {
                    var intent = hold(robot, home)
                    intent.tools[a] = tool.translation + axes * v
                    let asked = "\(which)\(name) 2 cm"
                    let r = both(home) { encode($0, home, intent) }
                    if let refused = refusal(r.claimed, asked: asked, aspect: .translation) { out.append(refused); continue }
                    let moved = axes.transposed * (model.toolPose(r.claimed.state, arm: a).translation - tool.translation)
                    let meant = axes.transposed * (model.toolPose(r.card.state, arm: a).translation - tool.translation)
                    let others = stillOthers(r, but: a)
                    out.append(Result(asked: asked, observed: "moved \(describe(moved))" + (length(moved - meant) < 0.001 ? "" : " (the card's own action: \(describe(meant)))")
                                        + (others ? "" : ", and the grippers or the other arm did not do what the card's own action does"),
                                      ok: length(moved - meant) < 0.001 && others, refused: nil, aspect: .translation))
                }
                for (name, open) in [("close", false), ("open", true)] {
                    var from = home
                    from.gripper[a] = open ? 0 : 1
                    var intent = hold(robot, from)
                    intent.open[a] = open
                    let asked = "\(name) the \(robot.arms.count > 1 ? "\(robot.arms[a].name) " : "")gripper"
                    let r = both(from) { encode($0, from, intent) }
                    if let refused = refusal(r.claimed, asked: asked, aspect: .gripper) { out.append(refused); continue }
                    let isOpen = isGripperOpen(r.claimed.state.gripper[a])
                    // Only the gripper may change: a gripper number read as a motion moves an arm.
                    let still = robot.arms.indices.allSatisfy { length(model.toolPose(r.claimed.state, arm: $0).translation - model.toolPose(from, arm: $0).translation) < 0.001 }
                    out.append(Result(asked: asked, observed: "gripper \(isOpen ? "opened" : "closed")" + (still ? "" : ", and an arm moved"),
                                      ok: isOpen == open && still, refused: nil, aspect: .gripper))
                }
            }
            if let t = timing(home, base: false) { out.append(t) }
            guard claim.mode?.isEndEffector == true && robot.control.mode.isEndEffector else { return out }
            // Single axes, then two at once: rpy and axis-angle agree about one axis and differ about two.
            let limit = robot.control.maxRotation ?? 0.5
            let turns: [(String, Vec3, Double)] = [("rotate +x", Vec3(1, 0, 0), min(0.1, 0.8 * limit)), ("rotate +y", Vec3(0, 1, 0), min(0.1, 0.8 * limit)),
                                                   ("rotate +z", Vec3(0, 0, 1), min(0.1, 0.8 * limit)), ("rotate about +x+y", normalize(Vec3(1, 1, 0)), min(0.25, 0.9 * limit))]
            let start = model.toolPose(home, arm: 0)
            for (name, axis, angle) in turns {
                let asked = "\(name) \(String(format: "%g", angle)) rad"
                let r = both(home) { c in
                    // Hold still in convention c, with a rotation about the base's axes: a change
                    // for a delta claim, the turned orientation for an absolute one.
                    var encoder = ActionEncoder(model: model, claim: c, state: home)
                    var command = encoder.command(for: hold(robot, home))
                    let rot = axes * Mat3(axisAngle: axis * angle) * axes.transposed
                    let inBase = c.frame == .world ? rot : axes.transposed * rot * axes
                    if case .endEffector(let position, let orientation)? = command.arms.first?.motion {
                        command.arms[0].motion = c.mode == .eeAbsolute
                            ? .endEffector(translation: position, rotation: inBase * (orientation ?? .identity))
                            : .endEffector(translation: .zero, rotation: c.frame == .tool ? start.rotation.transposed * rot * start.rotation : inBase)
                    }
                    return ActionCodec.encode(command, encoder.convention)
                }
                if let refused = refusal(r.claimed, asked: asked, aspect: .rotation) { out.append(refused); continue }
                let turned = (axes.transposed * model.toolPose(r.claimed.state, arm: 0).rotation * start.rotation.transposed * axes).axisAngle
                let meant = (axes.transposed * model.toolPose(r.card.state, arm: 0).rotation * start.rotation.transposed * axes).axisAngle
                let ok = length(turned - meant) < 0.001 && length(model.toolPose(r.claimed.state, arm: 0).translation - start.translation) < 0.002
                out.append(Result(asked: asked, observed: turn(turned) + (ok ? "" : " (the card's own action: \(turn(meant)))"), ok: ok, refused: nil, aspect: .rotation))
            }
            return out
        }

        /// Whether the arms other than `a` stayed where the card's own action left them.
        func stillOthers(_ r: (claimed: StepResult, card: StepResult), but a: Int) -> Bool {
            robot.arms.indices.allSatisfy { $0 == a || length(model.toolPose(r.claimed.state, arm: $0).translation - model.toolPose(r.card.state, arm: $0).translation) < 0.001 }
                && zip(r.claimed.state.gripper, r.card.state.gripper).allSatisfy { isGripperOpen($0) == isGripperOpen($1) }
        }

        /// One step at a set speed, by the first arm's tool or by the base: the claim plans
        /// speed × its step; the body has the card's step to do it.
        func timing(_ home: WorldState, base: Bool) -> Result? {
            let claimedHz = claim.frequencyHz ?? robot.control.frequencyHz, trueHz = robot.control.frequencyHz
            let speed = base ? 0.2 : 0.1
            let axes = Mat3.rotZ(home.base.yaw)
            var intent = hold(robot, home)
            if base { intent.base = home.base * Pose2D(x: speed / claimedHz) }
            else { intent.tools[0] = model.toolPose(home, arm: 0).translation + axes * Vec3(speed / claimedHz, 0, 0) }
            let asked = "\(base ? "drive forward" : "+x") at \(cm(speed))/s for one \(seconds(1 / claimedHz)) step"
            let r = Controller.step(model, home, action: encode(claim, home, intent))
            if let refused = refusal(r, asked: asked, aspect: .timing) { return refused }
            let moved = base ? (home.base.inverse * r.state.base).x
                             : dot(axes.transposed * (model.toolPose(r.state, arm: 0).translation - model.toolPose(home, arm: 0).translation), Vec3(1, 0, 0))
            return ConventionProbe.timing(asked: asked, moved: moved, expected: speed / claimedHz, trueHz: trueHz, speed: speed)
        }

        func base(_ home: WorldState) -> [Result] {
            var out: [Result] = []
            for (name, target) in [("forward 10 cm", Pose2D(x: 0.1)), ("turn left 0.2 rad", Pose2D(yaw: 0.2))] {
                var intent = hold(robot, home)
                intent.base = home.base * target
                let r = both(home) { encode($0, home, intent) }
                if let refused = refusal(r.claimed, asked: name, aspect: .base) { out.append(refused); continue }
                let moved = home.base.inverse * r.claimed.state.base, meant = home.base.inverse * r.card.state.base
                let ok = abs(moved.x - meant.x) < 0.002 && abs(moved.y - meant.y) < 0.002 && abs(wrapAngle(moved.yaw - meant.yaw)) < 0.002
                out.append(Result(asked: name, observed: pose(moved) + (ok ? "" : " (the card's own action: \(pose(meant)))"), ok: ok, refused: nil, aspect: .base))
            }
            if let t = timing(home, base: true) { out.append(t) }
            return out
        }
    }

    /// A speed probe's verdict: the distance the claim plans for one step, covered in the true step.
    static func timing(asked: String, moved: Double, expected: Double, trueHz: Double, speed: Double) -> Result {
        let observed = moved * trueHz
        let ok = abs(moved - expected) < 0.1 * expected && abs(observed - speed) < 0.1 * speed
        return Result(asked: asked, observed: String(format: "moved %.2f cm in the controller's %@ step: %.1f cm/s", moved * 100, seconds(1 / trueHz), observed * 100),
                      ok: ok, refused: nil, aspect: .timing)
    }

    /// Stay where you are, grippers as they are.
    static func hold(_ robot: RobotModel, _ s: WorldState) -> Intent {
        Intent(tools: robot.arms.indices.map { _ in nil }, open: s.gripper.map(isGripperOpen), base: nil)
    }

    static func turn(_ v: Vec3) -> String {
        String(format: "turned %.3f rad about [%.2f %.2f %.2f]", length(v), v.x / max(length(v), 1e-9), v.y / max(length(v), 1e-9), v.z / max(length(v), 1e-9))
    }

    static func pose(_ p: Pose2D) -> String {
        String(format: "moved %.1f cm forward, %.1f cm left, turned %.2f rad", p.x * 100, p.y * 100, p.yaw)
    }

    static func cm(_ v: Double) -> String { String(format: "%g cm", (v * 1000).rounded() / 10) }
    static func seconds(_ v: Double) -> String { String(format: "%g s", (v * 1000).rounded() / 1000) }

    static func describe(_ v: Vec3) -> String {
        let parts = [("x", v.x), ("y", v.y), ("z", v.z)].filter { abs($0.1) > 0.002 }
        if parts.isEmpty { return "nothing" }
        return parts.map { String(format: "%@%@ %.1f cm", $0.1 > 0 ? "+" : "-", $0.0, abs($0.1) * 100) }.joined(separator: ", ")
    }
}
