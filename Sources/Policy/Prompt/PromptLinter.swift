import Spatial
import Foundation
import World

/// Compares what a prompt claims with what the robot card says the body is and how
/// its controller reads actions — field by field, with the consequence in the world.
public enum PromptLinter {
    public enum Severity: String, Sendable, Codable, Comparable {
        case info, warning, error
        public static func < (a: Severity, b: Severity) -> Bool {
            let order: [Severity] = [.info, .warning, .error]
            return order.firstIndex(of: a)! < order.firstIndex(of: b)!
        }
    }

    public struct Finding: Sendable, Equatable, Codable {
        public var field: String
        public var severity: Severity
        public var message: String
    }

    public struct Report: Sendable {
        public var parse: PromptParser.Result
        public var findings: [Finding]
        public var hasErrors: Bool { findings.contains { $0.severity == .error } }
    }

    public static func lint(_ prompt: String, robot: RobotModel) -> Report {
        let parsed = PromptParser.parse(prompt, robot: robot)
        let c = parsed.claimed
        let t = ClaimedConvention(robot: robot)
        var f: [Finding] = []
        func add(_ field: String, _ s: Severity, _ m: String) { f.append(Finding(field: field, severity: s, message: m)) }

        if let tag = c.tag, tag.lowercased() != robot.tag.lowercased() {
            add("tag", .warning, "the prompt names the robot \"\(tag)\" but this is \(robot.tag): a model conditioned on the name may use another robot's habits")
        }
        if parsed.stated.contains("arms") {
            if c.arms != t.arms {
                add("arms", .error, "the prompt says \(c.arms == 2 ? "dual arms" : (c.arms == 1 ? "single arm" : "no arm")) but \(robot.name) has \(t.arms): the action vector will have the wrong layout and be refused")
            }
            if c.mobileBase != t.mobileBase {
                add("mobile_base", .error, c.mobileBase ? "the prompt claims a mobile base that \(robot.name) does not have" : "the prompt leaves out the mobile base: the model will not drive it")
            }
            if c.waist != t.waist { add("waist", .warning, "the prompt \(c.waist ? "claims" : "leaves out") a waist") }
        }
        if let cf = c.frequencyHz, let tf = t.frequencyHz, abs(cf - tf) > 1e-9 {
            add("frequency_hz", .error, "the prompt says \(fmtHz(cf)) Hz but the controller runs at \(fmtHz(tf)) Hz: \(frequencyConsequence(claimed: cf, true: tf, robot: robot))")
        }
        if let cc = c.chunk, let tc = t.chunk, cc != tc {
            add("chunk", .warning, "the prompt asks for \(cc) actions per chunk; the card's chunk is \(tc): "
                + (cc < tc ? "the model replans every \(cc) steps, more often than it was set up for" : "the model runs \(cc) steps open loop before it sees the world again"))
        }
        if let cm = c.mode, let tm = t.mode, cm != tm {
            add("mode", .error, "the prompt says \(cm.rawValue) but the controller executes \(tm.rawValue): \(modeConsequence(cm, tm))")
        }
        if t.mode?.isEndEffector == true && c.mode == t.mode {
            if let cf = c.frame, let tf = t.frame, cf != tf {
                add("frame", .error, "the prompt gives deltas in the \(cf.rawValue) frame but the controller reads them in the \(tf.rawValue) frame: the arm will move in rotated directions")
            }
            if let cr = c.rotation, let tr = t.rotation, cr != tr {
                add("rotation", .error, "the prompt says \(cr.rawValue) but the controller reads \(tr.rawValue)"
                    + (cr.size != tr.size ? ": the action has \(cr.size > tr.size ? "more" : "fewer") numbers than expected and will be refused" : ": rotations will be wrong"))
            }
        }
        if abs(c.metresPerUnit - 1) > 1e-12 && (t.mode?.isEndEffector == true || t.mode == .baseWaypoint) {
            let unit = c.metresPerUnit == 0.01 ? "centimetres" : "millimetres"
            add("units_translation", .error, "the prompt says \(unit) but the controller reads metres: every translation will be \(clampedInt(1 / c.metresPerUnit))× too large (clipped at the per-action limit)")
        }
        if abs(c.radiansPerUnit - 1) > 1e-12 {
            add("units_rotation", .error, "the prompt says degrees but the controller reads radians: every angle will be 57× too large (clipped where there is a limit)")
        }
        if t.mode?.isJoint == true, let cj = c.jointsPerArm, let tj = t.jointsPerArm, cj != tj {
            add("joints", .error, "the prompt says \(cj) joints per arm; this arm has \(tj): the action will have the wrong length and be refused")
        }
        if c.baseMode != t.baseMode, let tb = t.baseMode, parsed.stated.contains("base_mode") {
            add("base_mode", .error, "the prompt says the base takes \(c.baseMode?.rawValue ?? "nothing") but it executes \(tb.rawValue)")
        }
        for g in t.grippers {
            guard let cg = c.grippers.first(where: { $0.arm == g.arm }) else {
                let which = t.grippers.count > 1 ? "the \(g.arm) gripper" : "the gripper"
                add("gripper", .error, c.slots != nil
                    ? "the prompt's action has no slot for \(which): a model following it never opens or closes it"
                    : "the prompt does not give \(which) a channel: the model will not open or close it"); continue
            }
            let armText = t.grippers.count > 1 ? "\(g.arm) " : ""
            if cg.channel != g.channel {
                add("gripper_channel", .error, "the prompt puts the \(armText)gripper at index \(cg.channel) but the controller reads index \(g.channel): gripper commands land on another channel")
            }
            let claimedOpenHigh = cg.open > cg.closed, trueOpenHigh = g.open > g.closed
            if claimedOpenHigh != trueOpenHigh {
                add("gripper_sign", .error, "gripper sign inverted: the prompt says \(num(cg.open)) opens and \(num(cg.closed)) closes, the controller opens at \(num(g.open)) and closes at \(num(g.closed)): the \(armText)gripper will open when the model means to close it")
            } else if (cg.open != g.open || cg.closed != g.closed) {
                add("gripper_sign", .warning, "the prompt's gripper values (open \(num(cg.open)), closed \(num(cg.closed))) differ from the card's (open \(num(g.open)), closed \(num(g.closed))); the direction agrees")
            }
        }
        f += LayoutLint.findings(parsed, robot: robot)
        for (field, value) in parsed.assumed.sorted(by: { $0.key < $1.key }) where !["units_translation", "units_rotation"].contains(field) {
            add(field, .info, "not stated in the prompt; a model must guess (assumed \(value))")
        }
        for s in parsed.unread {
            add("unread", .info, "could not read: \"\(s.count > 80 ? String(s.prefix(80)) + "..." : s)\"")
        }
        f.sort { ($0.severity, $1.field) > ($1.severity, $0.field) }
        return Report(parse: parsed, findings: f)
    }

    static func modeConsequence(_ claimed: ControlMode, _ truth: ControlMode) -> String {
        switch (claimed, truth) {
        case (.eeDelta, .eeAbsolute): return "small deltas will be read as absolute positions near the base: the arm will dive toward the origin"
        case (.eeAbsolute, .eeDelta): return "absolute positions will be read as deltas: every action asks for a huge jump (clipped at the limit)"
        case (.jointPosition, .jointDelta): return "joint targets will be read as increments: the arm will run to its limits"
        case (.jointDelta, .jointPosition): return "joint increments will be read as targets: the arm will snap toward zero"
        default:
            if claimed.isJoint != truth.isJoint { return "joint and Cartesian numbers are read as each other: motion will be meaningless (or refused for the wrong length)" }
            return "actions will be misread"
        }
    }

    public static func fmtHz(_ v: Double) -> String { numberText(v) }

    /// What a wrong frequency does: each action is carried out in the controller's
    /// step, not the one the model planned for. Position-like numbers (deltas,
    /// targets, waypoints) then run `true / claimed` times as fast; velocities keep
    /// their speed but are held for the wrong time, so they cover the wrong distance.
    static func frequencyConsequence(claimed cf: Double, true tf: Double, robot: RobotModel) -> String {
        let r = tf / cf
        let factor = String(format: "%g", (max(r, 1 / r) * 100).rounded() / 100)
        let c = robot.control
        let velocityBase = c.mode == .baseVelocity || c.baseMode == .baseVelocity
        let motion = velocityBase ? "every arm motion" : "every motion"
        let positional = "\(motion) runs \(factor)× \(r > 1 ? "faster" : "slower") than the model plans"
        let step = "each action planned for 1/\(fmtHz(cf)) s is carried out in 1/\(fmtHz(tf)) s"
        let base = "each base velocity is held for 1/\(fmtHz(tf)) s instead of 1/\(fmtHz(cf)) s, so the base covers "
            + (r > 1 ? "1/\(factor) of the distance planned" : "\(factor)× the distance planned")
        if velocityBase && robot.arms.isEmpty { return base }
        let limits = robot.arms.isEmpty ? "the base's speed limits" : "the joints' velocity limits"
        return "\(step): \(positional)" + (r > 1 ? " (and \(limits) may cut steps short)" : "") + (velocityBase ? "; \(base)" : "")
    }
    public static func num(_ v: Double) -> String { numberText(v) }
}
