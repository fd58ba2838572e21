import Kinematics
import Spatial

/// Executes actions by the robot card's TRUE convention — whatever a prompt claimed.
/// A pure function over (model, state, action).
public enum Controller {
    /// Substeps per control step: joint motion and base motion are integrated this
    /// finely under velocity limits (and walls), and returned for smooth drawing.
    public static let substeps = 4

    public static func step(_ model: WorldModel, _ state: WorldState, action: [Double]) -> StepResult {
        let robot = model.robot
        let control = robot.control
        if let problem = ActionValidation.problem(in: action, model: model) {
            return refuse(state, action, problem)
        }
        let channels = model.actionChannels
        let command = ActionCodec.decode(action, model.actionConvention, channels: channels)
        var s = state
        // A state made without the scene's parts (by hand, from an old log) gets them at their start.
        if s.parts.count != model.scene.parts.count {
            s.parts = model.scene.parts.indices.map { k in k < state.parts.count ? state.parts[k] : PartState(value: model.scene.parts[k].start) }
        }
        var executed = action
        var events: [WorldEvent] = []
        let dt = model.dt
        var targetQ = s.q

        // Arms, in order: each arm's motion, then its gripper.
        for (a, arm) in robot.arms.enumerated() {
            let at = channels.armMotion[a]
            switch command.arms[a].motion {
            case .joints(let values)?:
                let isDelta = control.mode == .jointDelta
                var goal = [Double](repeating: 0, count: values.count)
                for (i, k) in arm.jointQ.enumerated() {
                    var v = values[i]
                    if isDelta {
                        if let m = control.maxJointStep, abs(v) > m {
                            events.append(WorldEvent(.clipped, "\(arm.jointNames[i]) delta \(fmt(v)) to ±\(fmt(m)) rad"))
                            v = v > 0 ? m : -m
                        }
                        executed[at[i]] = v
                        v += s.q[k]
                    }
                    let j = robot.tree.joints[robot.tree.movableJoints[k]]
                    if v < j.lower || v > j.upper {
                        let c = min(max(v, j.lower), j.upper)
                        events.append(WorldEvent(.clipped, "\(j.name) target \(fmt(v)) to its limit \(fmt(c))"))
                        v = c
                        executed[at[i]] = isDelta ? c - s.q[k] : c
                    }
                    goal[i] = v
                }
                for (i, k) in arm.jointQ.enumerated() { targetQ[k] = goal[i] }
            case .endEffector(let translation, let rotation)?:
                let t = endEffectorTarget(model, s, arm: a, translation: translation, rotation: rotation)
                events += t.events
                if let numbers = t.executed { for (i, v) in numbers.enumerated() { executed[at[i]] = v } }
                var options = IKOptions()
                options.restarts = 0
                options.maxIterations = 30
                options.positionTolerance = 1e-5
                options.rotationTolerance = 1e-4
                options.positionOnly = control.rotation == .none
                // A redundant arm drifts in its null space step after step
                // until a joint pins at a limit; a gentle pull home keeps
                // the posture, as operational-space controllers do.
                options.home = robot.home
                options.nullSpaceGain = 0.05
                let r = arm.chain.solveIK(target: t.pose, initial: targetQ, options: options)
                if !r.success {
                    events.append(WorldEvent(.ikUnreachable, "arm \(arm.name): target out of reach, residual \(fmt(r.positionError)) m / \(fmt(r.rotationError)) rad"))
                }
                for k in arm.chain.active { targetQ[k] = r.q[k] }
            case nil:
                break
            }
            if let opening = command.arms[a].gripperOpening { s.gripper[a] = opening }
        }

        // Joints move toward their targets under velocity limits. All joints are
        // slowed by the same factor, so the motion keeps its direction in joint
        // space (and the tool stays near its intended path) instead of each joint
        // saturating on its own.
        var subs: [(q: [Double], base: Pose2DValue)] = []
        let startQ = s.q
        var slowest = 1.0
        for k in 0..<s.q.count {
            let j = robot.tree.joints[robot.tree.movableJoints[k]]
            guard j.maxVelocity.isFinite, j.maxVelocity > 0 else { continue }
            slowest = max(slowest, abs(targetQ[k] - startQ[k]) / (j.maxVelocity * dt))
        }
        for k in 0..<s.q.count { s.q[k] = startQ[k] + (targetQ[k] - startQ[k]) / slowest }

        // The base.
        let baseStart = s.base
        if let baseCommand = command.base, let base = robot.mobileBase {
            let (pose, baseEvents, exec) = moveBase(model, base, from: s.base, command: baseCommand, dt: dt, opened: &s.openDoors)
            s.base = pose
            events += baseEvents
            if let exec { for (i, v) in exec.enumerated() { executed[channels.base[i]] = v } }
            if baseCommand.isStop && model.scene.family == .navigation {
                s.stopped = true
                events.append(WorldEvent(.stop, "the policy stopped the base"))
            }
        }
        // A grasped handle drags its part along; a pull it cannot follow, or an arm
        // link into a wall, is refused and the arm (and base) stay where they were.
        if !model.scene.parts.isEmpty, Articulation.follow(model, &s, events: &events) {
            s.q = startQ
            s.base = baseStart
        }
        if let link = ArmWalls.newCollision(model, previous: state, s) {
            events.append(WorldEvent(.blocked, "\(link) would hit a wall; the arm stops"))
            s.q = startQ
        }
        for i in 1...substeps {
            let t = Double(i) / Double(substeps)
            let q = zip(startQ, s.q).map { $0 + ($1 - $0) * t }
            let b = (x: baseStart.x + (s.base.x - baseStart.x) * t, y: baseStart.y + (s.base.y - baseStart.y) * t,
                     yaw: baseStart.yaw + wrapAngle(s.base.yaw - baseStart.yaw) * t)
            subs.append((q, b))
        }

        // Held objects follow their grippers; grippers grasp and release.
        Grasping.update(model, previous: state, &s, events: &events)
        if !model.scene.parts.isEmpty { Articulation.press(model, &s, events: &events) }
        // Link shapes and the objects the hand may touch, worked out once for pushes and contacts.
        let segments = LinkShapes.segments(model, s)
        let exempt = Contacts.exemptObjects(model, s)
        Pushing.apply(model, &s, segments: segments, exempt: exempt, events: &events)
        events += Contacts.check(model, s, segments: segments, exempt: exempt)
        s.step += 1
        s.time += dt
        return StepResult(state: s, executed: executed, events: events, substeps: subs, refused: false)
    }

    static func refuse(_ state: WorldState, _ action: [Double], _ reason: String) -> StepResult {
        StepResult(state: state, executed: action, events: [WorldEvent(.refused, reason)], substeps: [], refused: true)
    }

    /// The tool target in the robot base frame, the numbers actually executed
    /// (nil: as given) and clip events.
    struct EETarget { var pose: Pose; var executed: [Double]?; var events: [WorldEvent] }

    /// The tool target in the robot base frame for a decoded ee_delta / ee_absolute motion.
    static func endEffectorTarget(_ model: WorldModel, _ s: WorldState, arm: Int, translation: Vec3, rotation: Mat3?) -> EETarget {
        let control = model.robot.control
        var events: [WorldEvent] = []
        var dp = translation
        var rot = rotation ?? .identity
        let current = model.robot.arms[arm].chain.pose(s.q)
        let baseRotation = Mat3.rotZ(s.base.yaw)
        if control.mode == .eeDelta {
            if let m = control.maxTranslation, length(dp) > m {
                events.append(WorldEvent(.clipped, "translation \(fmt(length(dp))) m to \(fmt(m)) m"))
                dp *= m / length(dp)
            }
            if let m = control.maxRotation {
                let v = rot.axisAngle
                if length(v) > m {
                    events.append(WorldEvent(.clipped, "rotation \(fmt(length(v))) rad to \(fmt(m)) rad"))
                    rot = Mat3(axisAngle: v * (m / length(v)))
                }
            }
            // What ran, written back in the card's own representation.
            let executed = [dp.x, dp.y, dp.z] + ActionCodec.rotationNumbers(rot, control.rotation, radiansPerUnit: 1)
            var target = current
            switch control.frame {
            case .base:
                target.translation += dp
                target.rotation = rot * current.rotation
            case .world:
                target.translation += baseRotation.transposed * dp
                target.rotation = baseRotation.transposed * rot * baseRotation * current.rotation
            case .tool:
                target.translation += current.rotation * dp
                target.rotation = current.rotation * rot
            }
            if control.rotation == .none { target.rotation = current.rotation }
            return EETarget(pose: target, executed: executed, events: events)
        }
        var target = Pose(rotation: control.rotation == .none ? current.rotation : rot, translation: dp)
        if control.frame == .world {
            let b = model.basePose(s)
            target = b.inverse * target
        } else if control.frame == .tool {
            target = current * target
        }
        return EETarget(pose: target, executed: nil, events: events)
    }

    /// Base motion for one control step; returns the new pose, events and the
    /// executed base numbers (nil: as given).
    static func moveBase(_ model: WorldModel, _ base: MobileBaseModel, from start: Pose2D, command: ActionCommand.Base, dt: Double,
                         opened: inout [String]) -> (Pose2D, [WorldEvent], [Double]?) {
        var events: [WorldEvent] = []
        var executed: [Double]?
        let control = model.robot.control
        var pose = start
        let n = substeps * 4
        var doors = opened
        func advance(_ next: Pose2D) -> Bool {
            let p = Vec3(next.x, next.y, 0)
            if let map = model.scene.map, map.collides(p, radius: base.footprintRadius, opened: doors) {
                // A shut door gives way to a base pushing into it; a wall does not.
                if let door = map.doorBlocking(p, radius: base.footprintRadius, opened: doors) {
                    doors.append(door.name)
                    events.append(WorldEvent(.articulation, "the base pushed \(door.name) open"))
                    pose = next
                    return true
                }
                events.append(WorldEvent(.blocked, "the base would hit a wall at (\(fmt(next.x)), \(fmt(next.y))); it stops"))
                return false
            }
            pose = next
            return true
        }
        switch command {
        case .velocity(let vx, let vy, let omega):
            let (limited, clipped) = base.limit(BaseCommand(vx: vx, vy: vy, omega: omega))
            if clipped {
                events.append(WorldEvent(.clipped, "base velocity to the limits \(fmt(base.maxLinear)) m/s, \(fmt(base.maxAngular)) rad/s"))
                executed = base.isHolonomic ? [limited.vx, limited.vy, limited.omega] : [limited.vx, limited.omega]
            }
            for _ in 0..<n { if !advance(base.integrate(pose, limited, dt: dt / Double(n))) { break } }
        case .waypoint(var d):
            let dist = hypot2(d.x, d.y)
            if let m = control.maxTranslation, dist > m {
                events.append(WorldEvent(.clipped, "waypoint \(fmt(dist)) m to \(fmt(m)) m"))
                d.x *= m / dist; d.y *= m / dist
            }
            if let m = control.maxRotation, abs(d.yaw) > m {
                events.append(WorldEvent(.clipped, "waypoint turn \(fmt(d.yaw)) rad to ±\(fmt(m)) rad"))
                d.yaw = d.yaw > 0 ? m : -m
            }
            executed = [d.x, d.y, d.yaw]
            let target = start * d
            for k in 0..<n {
                // Aim to arrive by the end of the control period (limits permitting).
                let remaining = dt * Double(n - k) / Double(n)
                let cmd = base.command(toward: target, from: pose, positionTolerance: 0.002, gain: 1 / remaining)
                if !advance(base.integrate(pose, cmd, dt: dt / Double(n))) { break }
            }
        case .discrete(let k):
            // VLN-CE: forward 0.25 m, or turn 15 degrees, at once (walls still stop it).
            let target: Pose2D
            switch k {
            case 1: target = start * Pose2D(x: 0.25, y: 0, yaw: 0)
            case 2: target = start * Pose2D(x: 0, y: 0, yaw: .pi / 12)
            case 3: target = start * Pose2D(x: 0, y: 0, yaw: -.pi / 12)
            default: target = start
            }
            executed = [Double(k)]
            for i in 1...n {
                let t = Double(i) / Double(n)
                let next = Pose2D(x: start.x + (target.x - start.x) * t, y: start.y + (target.y - start.y) * t,
                                  yaw: wrapAngle(start.yaw + wrapAngle(target.yaw - start.yaw) * t))
                if !advance(next) { break }
            }
        }
        opened = doors
        return (pose, events, executed)
    }
}

/// Short numbers for messages.
func fmt(_ v: Double) -> String {
    let r = (v * 1000).rounded() / 1000
    return numberText(r)
}
