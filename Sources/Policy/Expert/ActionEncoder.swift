import Foundation
import Kinematics
import Spatial
import World

/// What the expert wants the body to do in one control step, physically.
struct Intent {
    /// Per arm: the tool's target position in the world (nil: stay).
    var tools: [Vec3?]
    /// Per arm: gripper open (true) or closed.
    var open: [Bool]
    /// The base's target pose in the world (nil: stay).
    var base: Pose2D?
    /// Stop the base (navigation's STOP).
    var stop = false
}

/// Turns intents into action vectors in the convention a PROMPT claims, predicting
/// the body's state step by step as if every action were carried out exactly as
/// the claim says. When the claim is wrong, the real controller reads these
/// numbers by the card's convention — and the world shows the difference.
///
/// This type decides WHAT to ask for (the tool's displacement in the claimed
/// frame, IK for joint claims, the base's relative move); `ActionCodec` decides
/// which number goes where, in which units, with which gripper value.
struct ActionEncoder {
    let model: WorldModel
    let claim: ClaimedConvention
    let convention: ActionConvention
    /// The predicted state: starts at the observed one.
    var q: [Double]
    var base: Pose2D
    var tools: [Pose]   // world
    var open: [Bool]

    init(model: WorldModel, claim: ClaimedConvention, state: WorldState) {
        self.model = model
        self.claim = claim
        convention = claim.actionConvention(for: model.robot)
        q = state.q
        base = state.base
        tools = model.robot.arms.indices.map { model.toolPose(state, arm: $0) }
        open = state.gripper.map(isGripperOpen)
    }

    var dt: Double { 1 / (claim.frequencyHz ?? model.robot.control.frequencyHz) }

    mutating func encode(_ intent: Intent) -> [Double] {
        ActionCodec.encode(command(for: intent), convention)
    }

    /// The physical request for one intent in the claimed convention's terms, and
    /// the predicted state after it.
    mutating func command(for intent: Intent) -> ActionCommand {
        let robot = model.robot
        let mode = claim.mode ?? robot.control.mode
        let basePose = Pose(rotation: .rotZ(base.yaw), translation: Vec3(base.x, base.y, model.scene.robotHeight))
        var arms: [ActionCommand.Arm] = []
        for (a, slot) in convention.arms.enumerated() {
            let trueArm = a < robot.arms.count ? a : nil
            let target = trueArm.flatMap { intent.tools[$0] } ?? trueArm.map { tools[$0].translation }
            var motion: ActionCommand.ArmMotion?
            switch mode {
            case .eeDelta, .eeAbsolute:
                var p = Vec3.zero
                var rotation: Mat3?   // nil: no rotation (a delta keeps the tool's orientation)
                if let t = trueArm, let target {
                    let current = tools[t]
                    if mode == .eeDelta {
                        let d = target - current.translation
                        switch convention.frame {
                        case .world: p = d
                        case .base: p = basePose.rotation.transposed * d
                        case .tool: p = current.rotation.transposed * d
                        }
                    } else {
                        switch convention.frame {
                        case .world: p = target
                        case .base: p = basePose.inverse * target
                        case .tool: p = current.inverse * target
                        }
                        rotation = convention.frame == .world ? current.rotation : (basePose.inverse * current).rotation
                    }
                    tools[t].translation = target
                }
                motion = .endEffector(translation: p, rotation: rotation)
            case .jointPosition, .jointDelta:
                var values = [Double](repeating: 0, count: slot.joints)
                if let t = trueArm {
                    let arm = robot.arms[t]
                    let before = arm.jointQ.map { q[$0] }
                    if let target {
                        let local = basePose.inverse * Pose(rotation: tools[t].rotation, translation: target)
                        var o = IKOptions()
                        o.restarts = 0
                        o.maxIterations = 40
                        o.home = robot.home
                        o.nullSpaceGain = 0.05
                        o.positionOnly = robot.arms.count > 1 || arm.jointQ.count < 6
                        let r = arm.chain.solveIK(target: local, initial: q, options: o)
                        q = r.q
                        tools[t] = basePose * arm.chain.pose(q)
                    }
                    let after = arm.jointQ.map { q[$0] }
                    for k in 0..<min(values.count, after.count) {
                        values[k] = mode == .jointPosition ? after[k] : after[k] - before[k]
                    }
                }
                motion = .joints(values)
            default:
                motion = nil
            }
            var opening: Double?
            if claim.grippers.contains(where: { $0.arm == slot.name }) {
                // An arm the body does not have asks for an open gripper: the neutral command.
                let isOpen = trueArm.map { intent.open[$0] } ?? true
                if let t = trueArm { open[t] = isOpen }
                opening = isOpen ? 1 : 0
            }
            arms.append(ActionCommand.Arm(motion: motion, gripperOpening: opening))
        }
        var baseCommand: ActionCommand.Base?
        if let b = convention.baseMode {
            let targetBase = intent.base ?? base
            let rel = base.inverse * targetBase
            switch b {
            case .baseWaypoint:
                baseCommand = .waypoint(intent.stop ? Pose2D() : rel)
            case .baseVelocity:
                baseCommand = .velocity(vx: rel.x / dt, vy: rel.y / dt, omega: rel.yaw / dt)
            case .baseDiscrete:
                if intent.stop { baseCommand = .discrete(0) }
                else if abs(rel.yaw) > 0.13 { baseCommand = .discrete(rel.yaw > 0 ? 2 : 3) }
                else { baseCommand = .discrete(1) }
            default: break
            }
            base = targetBase
        }
        return ActionCommand(arms: arms, base: baseCommand)
    }
}
