import Foundation
import Policy
import Spatial
import Testing
import World

// The codec's round trips over every shipped card and every convention a prompt
// can claim: encode(decode(x)) == x for actions in range, decode(encode(c)) == c
// for commands in range.

/// The conventions a prompt can claim for `robot`: the card's truth, and variations
/// of mode, frame, rotation, gripper sign and channel, units, arms and base.
func claimableConventions(_ robot: RobotModel) -> [(String, ActionConvention)] {
    let truth = ClaimedConvention(robot: robot)
    var out: [(String, ActionConvention)] = [("truth", truth.actionConvention(for: robot)), ("card", ActionConvention(robot: robot))]
    let modes: [ControlMode] = [.eeDelta, .eeAbsolute, .jointPosition, .jointDelta, .baseWaypoint, .baseVelocity, .baseDiscrete]
    let signs: [(Double, Double)] = [(-1, 1), (1, -1), (1, 0), (0, 1), (0.04, 0)]
    let units: [(Double, Double)] = [(1, 1), (0.01, .pi / 180), (0.001, 1)]
    for mode in modes {
        for rotation in RotationRepresentation.allCases {
            for (k, sign) in signs.enumerated() {
                for (u, unit) in units.enumerated() {
                    var c = truth
                    c.mode = mode
                    c.frame = ControlFrame.allCases[(k + u) % 3]
                    c.rotation = rotation
                    c.metresPerUnit = unit.0
                    c.radiansPerUnit = unit.1
                    if mode.isJoint { c.jointsPerArm = [truth.jointsPerArm ?? 6, 7, 5][u] }
                    if !mode.isBase { c.baseMode = [nil, .baseWaypoint, .baseVelocity, .baseDiscrete][k % 4] }
                    // Gripper channels: as the truth, first, last, and past the end.
                    let claimed = c.layout(armNames: robot.arms.map(\.name)).count
                    let channel = [nil, 0, claimed - 1, claimed + 2][(k + u) % 4]
                    let names = truth.grippers.isEmpty ? Array(robot.arms.map(\.name).prefix(1)) : truth.grippers.map(\.arm)
                    c.grippers = names.enumerated().map { i, arm in
                        GripperChannel(arm: arm, channel: channel.map { $0 + i } ?? truth.grippers.first { $0.arm == arm }?.channel ?? 0,
                                       open: sign.0, closed: sign.1)
                    }
                    out.append(("\(mode.rawValue) \(rotation.rawValue) \(c.frame!.rawValue) open \(sign.0) closed \(sign.1) "
                                + "m/unit \(unit.0) rad/unit \(unit.1) gripper channel \(channel.map(String.init) ?? "natural")",
                                c.actionConvention(for: robot)))
                }
            }
        }
    }
    return out
}

/// The conventions that prompts written by hand claim, read by the parser.
func parsedConventions(_ robot: RobotModel) -> [(String, ActionConvention)] {
    let prompt = EmbodimentPrompt.generate(robot, instruction: "probe the action convention")
    let edits = [("in metres", "in centimetres"), ("in radians", "in degrees"), ("-1 opens it and 1 closes it", "1 opens it and -1 closes it"),
                 ("robot base frame", "world frame"), ("robot base frame", "tool frame"), ("delta axis-angle vector", "quaternion"),
                 ("delta axis-angle vector", "roll, pitch, yaw"), ("end-effector position deltas", "absolute end-effector positions"),
                 ("end-effector position deltas", "joint deltas for 7 joints"), ("is index 6", "is index 0")]
    return [("parsed prompt", PromptParser.parse(prompt, robot: robot).claimed.actionConvention(for: robot))]
        + edits.filter { prompt.contains($0.0) }.map { edit in
            ("parsed prompt with \(edit.1)", PromptParser.parse(prompt.replacingOccurrences(of: edit.0, with: edit.1), robot: robot).claimed.actionConvention(for: robot))
        }
}

/// A random action in range: rotations in their principal ranges, grippers between
/// their closed and open values, discrete commands 0…3, padding zero.
func randomAction(_ c: ActionConvention, _ rng: inout SeededRandom) -> [Double] {
    let channels = c.channels
    var x = [Double](repeating: 0, count: channels.dimension)
    for (a, at) in channels.armMotion.enumerated() {
        switch c.armMode {
        case .jointPosition?, .jointDelta?:
            for p in at { x[p] = rng.uniform(-2, 2) / c.radiansPerUnit }
        case .eeDelta?, .eeAbsolute?:
            for p in at.prefix(3) { x[p] = rng.uniform(-0.5, 0.5) / c.metresPerUnit }
            let rotation: [Double]
            switch c.rotation {
            case .axisAngle:
                let axis = normalize(Vec3(rng.normal(), rng.normal(), rng.normal()))
                rotation = (axis * rng.uniform(0, 3)).array.map { $0 / c.radiansPerUnit }
            case .rpy: rotation = [rng.uniform(-3, 3), rng.uniform(-1.5, 1.5), rng.uniform(-3, 3)].map { $0 / c.radiansPerUnit }
            case .quaternion:
                let q = Quat(w: abs(rng.normal()) + 0.1, x: rng.normal(), y: rng.normal(), z: rng.normal()).normalized
                rotation = q.wxyz
            case .none: rotation = []
            }
            for (k, v) in rotation.enumerated() { x[at[3 + k]] = v }
        default: break
        }
        if let p = channels.gripper[a], let g = c.grippers.first(where: { $0.arm == c.arms[a].name }) {
            x[p] = g.closed + rng.unit() * (g.open - g.closed)
        }
    }
    switch c.baseMode {
    case .baseDiscrete?: x[channels.base[0]] = Double(rng.index(4))
    case .some: for p in channels.base { x[p] = rng.uniform(-1, 1) }
    case nil: break
    }
    return x
}

func randomCommand(_ c: ActionConvention, _ rng: inout SeededRandom) -> ActionCommand {
    let arms = c.arms.indices.map { a -> ActionCommand.Arm in
        var motion: ActionCommand.ArmMotion?
        switch c.armMode {
        case .jointPosition?, .jointDelta?: motion = .joints((0..<c.arms[a].joints).map { _ in rng.uniform(-2, 2) })
        case .eeDelta?, .eeAbsolute?:
            let axis = normalize(Vec3(rng.normal(), rng.normal(), rng.normal()))
            motion = .endEffector(translation: Vec3(rng.uniform(-1, 1), rng.uniform(-1, 1), rng.uniform(-1, 1)),
                                  rotation: c.rotation == .none ? nil : Mat3(axisAngle: axis * rng.uniform(0, 3)))
        default: motion = nil
        }
        let hasGripper = c.grippers.contains { $0.arm == c.arms[a].name }
        return ActionCommand.Arm(motion: motion, gripperOpening: hasGripper ? [0, 1, rng.unit()][rng.index(3)] : nil)
    }
    var base: ActionCommand.Base?
    switch c.baseMode {
    case .baseWaypoint?: base = .waypoint(Pose2D(x: rng.uniform(-1, 1), y: rng.uniform(-1, 1), yaw: rng.uniform(-3, 3)))
    case .baseVelocity?: base = .velocity(vx: rng.uniform(-1, 1), vy: c.holonomicBase ? rng.uniform(-1, 1) : 0, omega: rng.uniform(-1, 1))
    case .baseDiscrete?: base = .discrete(rng.index(4))
    default: base = nil
    }
    return ActionCommand(arms: arms, base: base)
}

func near(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(1, abs(a), abs(b)) }

func near(_ a: ActionCommand, _ b: ActionCommand) -> Bool {
    guard a.arms.count == b.arms.count else { return false }
    for (x, y) in zip(a.arms, b.arms) {
        switch (x.gripperOpening, y.gripperOpening) {
        case (nil, nil): break
        case let (p?, q?): if !near(p, q) { return false }
        default: return false
        }
        switch (x.motion, y.motion) {
        case (nil, nil): break
        case let (.joints(p)?, .joints(q)?): if p.count != q.count || !zip(p, q).allSatisfy(near) { return false }
        case let (.endEffector(t, r)?, .endEffector(u, s)?):
            if !(near(t.x, u.x) && near(t.y, u.y) && near(t.z, u.z)) { return false }
            switch (r, s) {
            case (nil, nil): break
            case let (r?, s?): if length((r * s.transposed).axisAngle) > 1e-9 { return false }
            default: return false
            }
        default: return false
        }
    }
    switch (a.base, b.base) {
    case (nil, nil): return true
    case let (.waypoint(p)?, .waypoint(q)?): return near(p.x, q.x) && near(p.y, q.y) && near(p.yaw, q.yaw)
    case let (.velocity(a, b, c)?, .velocity(d, e, f)?): return near(a, d) && near(b, e) && near(c, f)
    case let (.discrete(k)?, .discrete(l)?): return k == l
    default: return false
    }
}

@Test func everyCardAndEveryClaimableConventionRoundTrips() throws {
    var rng = SeededRandom(seed: 10)
    var checked = 0
    for name in robots.names() {
        let r = try robot(name)
        for (label, c) in claimableConventions(r) + parsedConventions(r) {
            for _ in 0..<4 {
                let x = randomAction(c, &rng)
                let again = ActionCodec.encode(ActionCodec.decode(x, c), c)
                #expect(again.count == x.count && zip(again, x).allSatisfy(near), "\(name), \(label): \(x) → \(again)")
                let command = randomCommand(c, &rng)
                let decoded = ActionCodec.decode(ActionCodec.encode(command, c), c)
                #expect(near(decoded, command), "\(name), \(label): \(command) → \(decoded)")
                checked += 1
            }
        }
    }
    #expect(checked > 10_000)
}

@Test func theCardsConventionIsItsActionLayout() throws {
    for name in robots.names() {
        let r = try robot(name)
        let channels = ActionConvention(robot: r).channels
        let layout = r.actionLayout
        #expect(channels.dimension == layout.count, "\(name)")
        // The card's grippers sit where the layout names them, so nothing is swapped.
        for (a, arm) in r.arms.enumerated() {
            #expect(channels.gripper[a] == r.expectedGripperChannels[arm.name], "\(name) \(arm.name)")
        }
        let all = channels.armMotion.flatMap { $0 } + channels.gripper.compactMap { $0 } + channels.base
        #expect(all.sorted() == Array(0..<layout.count), "\(name): \(all)")
        // The claim the card's own prompt makes is the card's convention.
        let prompt = EmbodimentPrompt.generate(r, instruction: "probe the action convention")
        let claimed = PromptParser.parse(prompt, robot: r).claimed.actionConvention(for: r)
        #expect(claimed.channels == channels, "\(name)")
    }
}

@Test func aClaimedGripperChannelMovesTheGripperNumberThere() throws {
    let panda = try robot("franka_panda")
    var claim = ClaimedConvention(robot: panda)
    claim.grippers[0].channel = 0
    claim.metresPerUnit = 0.25
    claim.grippers[0].open = 1
    claim.grippers[0].closed = 0
    let c = claim.actionConvention(for: panda)
    let command = ActionCommand(arms: [ActionCommand.Arm(motion: .endEffector(translation: Vec3(0.5, 0, 0), rotation: nil), gripperOpening: 1)], base: nil)
    // x (0.5 m in quarter metres) and the gripper trade places; the rotation is the exact zero.
    #expect(ActionCodec.encode(command, c) == [1, 0, 0, 0, 0, 0, 2])
    claim.grippers[0].channel = 9
    #expect(ActionCodec.encode(command, claim.actionConvention(for: panda)) == [2, 0, 0, 0, 0, 0, 0, 0, 0, 1])
}

/// A stated arrangement: padding is sent as 0, channels it does not name are not
/// sent (and read as 0), and the rest go where it puts them.
@Test func aStatedArrangementPadsAndLeavesOutWhatItDoesNotName() throws {
    let panda = try robot("franka_panda")
    var claim = ClaimedConvention(robot: panda)
    let command = ActionCommand(arms: [ActionCommand.Arm(motion: .endEffector(translation: Vec3(0.01, 0.02, 0.03), rotation: nil), gripperOpening: 0)], base: nil)
    claim.slots = ["gripper", "pad", "x", "y", "z", "rx", "ry", "rz"]
    #expect(ActionCodec.encode(command, claim.actionConvention(for: panda)) == [1, 0, 0.01, 0.02, 0.03, 0, 0, 0])
    claim.slots = ["x", "y", "z", "gripper"]   // no rotation numbers: a 4-number action
    let short = claim.actionConvention(for: panda)
    #expect(ActionCodec.encode(command, short) == [0.01, 0.02, 0.03, 1])
    let decoded = ActionCodec.decode([0.01, 0.02, 0.03, 1], short)
    #expect(decoded.arms[0].gripperOpening == 0)
    if case .endEffector(let t, let r)? = decoded.arms[0].motion {
        #expect(t == Vec3(0.01, 0.02, 0.03) && r.map { length($0.axisAngle) } == 0)
    } else {
        Issue.record("expected an end-effector motion")
    }
    // The natural order stated in full is no arrangement at all: the card's own channels.
    claim.slots = ["x", "y", "z", "rx", "ry", "rz", "gripper"]
    #expect(claim.actionConvention(for: panda).arrangement == nil)
}
