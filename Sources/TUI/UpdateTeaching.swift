import Episode
import Foundation
import Kinematics
import Policy
import Render
import Spatial
import World

/// Teaching mode: jog joints, move the tool target (IK follows), watch the Jacobian.
extension Updater {
    /// Keys of teaching mode; false lets the key fall through to the scene keys.
    mutating func teachKey(_ k: Key) -> Bool {
        guard var session = s.session, var teach = s.teaching else { return false }
        let robot = session.model.robot
        let arm = robot.arms.first { $0.jointQ.contains(teach.joint) } ?? robot.arms[0]
        var state = session.state
        switch k {
        case .char("T"), .escape:
            s.teaching = nil
            log(nil, .info, "teaching mode off")
            return true
        case .char(let c) where c.isNumber && c != "0":
            let j = Int(String(c))! - 1
            guard j < robot.tree.dof else { return true }
            teach.joint = j
            s.teaching = teach
            reportTeach()
            return true
        case .char(","), .char("."):
            let joint = robot.tree.joints[robot.tree.movableJoints[teach.joint]]
            let v = state.q[teach.joint] + (k == .char(".") ? 0.05 : -0.05)
            if v < joint.lower || v > joint.upper {
                // Say so in words (a repeated line would only count up "×47").
                let which = v < joint.lower ? "lower" : "upper"
                log(nil, .warning, String(format: "%@ is at its %@ limit (%+.3f rad): %@ moves it back", joint.name, which,
                                          v < joint.lower ? joint.lower : joint.upper, v < joint.lower ? "." : ","))
                state.q[teach.joint] = min(max(v, joint.lower), joint.upper)
                if state.q[teach.joint] == session.state.q[teach.joint] { return true }
            } else {
                state.q[teach.joint] = v
            }
        case .char("x"), .char("X"), .char("y"), .char("Y"), .char("u"), .char("U"):
            guard case .char(let c) = k else { return false }
            let axis: Vec3 = c.lowercased() == "x" ? Vec3(1, 0, 0) : (c.lowercased() == "y" ? Vec3(0, 1, 0) : Vec3(0, 0, 1))
            let sign: Double = c.isUppercase ? -1 : 1
            var target = arm.chain.pose(state.q)
            target.translation += axis * (0.01 * sign)
            var o = IKOptions()
            o.restarts = 0
            o.home = robot.home
            o.nullSpaceGain = 0.05
            let r = arm.chain.solveIK(target: target, initial: state.q, options: o)
            guard r.success else {
                log(nil, .warning, String(format: "IK cannot reach that target (off by %.1f mm): a limit or the workspace edge", r.positionError * 1000))
                return true
            }
            state.q = r.q
        default:
            return false
        }
        // The jogged state replaces the one shown; anything after it is dropped.
        branch(&session)
        Grasping.carryHeldObjects(session.model, &state)
        session.episode.replaceLiveState(state)
        session.trace[session.cursor] = Session.subjects(session.model, state)
        session.prediction = .empty
        s.session = session
        reportTeach()
        return true
    }

    /// FK and the Jacobian's condition for the teaching line in the event log.
    mutating func reportTeach() {
        guard let session = s.session, let teach = s.teaching else { return }
        let robot = session.model.robot
        let q = session.state.q
        let joint = robot.tree.joints[robot.tree.movableJoints[teach.joint]]
        let arm = robot.arms.first { $0.jointQ.contains(teach.joint) } ?? robot.arms[0]
        let tool = arm.chain.pose(q)
        let cond = arm.chain.jacobianCondition(q)
        let near = cond > 50 ? " · near a singularity" : ""
        log(session.cursor, .info, String(format: "teach: %@ = %+.3f rad [%.2f, %.2f] · tool %.3f %.3f %.3f m · Jacobian condition %@%@",
                                          joint.name, q[teach.joint], joint.lower, joint.upper, tool.translation.x, tool.translation.y, tool.translation.z,
                                          cond.isFinite ? String(format: "%.1f", cond) : "∞", near))
    }
}
