import Foundation
import Kinematics
import Spatial
import World

/// Tabletop manipulation: reach, pick, carry, place — straight tool moves up,
/// across and down, and the base drives first when the arm cannot reach.
extension ExpertPlanner {
    func tool(_ a: Int) -> Vec3 { model.toolPose(state, arm: a).translation }

    /// Highest top around (objects and fixtures within reach) plus clearance.
    func safeHeight(ignoring i: Int?) -> Double {
        var top = model.scene.fixtures.filter { $0.containsXY(tool(0)) || $0.name == "table" }.map(\.top).max() ?? 0
        for (j, o) in model.objects.enumerated() where j != i && state.objects[j].heldBy == nil {
            top = max(top, state.objects[j].pose.translation.z + o.shape.height / 2)
        }
        let held = i.map { model.objects[$0].shape.height / 2 } ?? 0
        return top + 0.08 + held
    }

    func liftPoint(_ a: Int) -> Vec3 {
        let t = tool(a)
        return Vec3(t.x, t.y, max(t.z, safeHeight(ignoring: state.objects.firstIndex { $0.heldBy == a })))
    }

    /// Straight moves through waypoints at the step size, up to the horizon.
    func moveArm(_ a: Int, to points: [Vec3], open: Bool, start: Vec3? = nil, settle: Int = 0) -> [Intent] {
        var out: [Intent] = []
        var p = start ?? tool(a)
        for target in points {
            while length(target - p) > 1e-6 && out.count < horizon {
                let d = target - p
                p = length(d) <= armStep ? target : p + d * (armStep / length(d))
                var intent = hold()
                intent.tools[a] = p
                intent.open[a] = open
                out.append(intent)
            }
        }
        for _ in 0..<settle where out.count < horizon {
            var intent = hold()
            intent.tools[a] = p
            intent.open[a] = open
            out.append(intent)
        }
        return out
    }

    /// Up to a safe height, across, and down: the three legs of every transfer.
    func transfer(_ a: Int, to goal: Vec3, safeZ: Double, open: Bool) -> [Intent] {
        let t = tool(a)
        let horizontal = ((goal.x - t.x) * (goal.x - t.x) + (goal.y - t.y) * (goal.y - t.y)).squareRoot()
        var points: [Vec3] = []
        if horizontal > 0.01 {
            let z = max(safeZ, goal.z)
            if t.z < z - 0.005 { points.append(Vec3(t.x, t.y, z)) }
            points.append(Vec3(goal.x, goal.y, z))
        }
        points.append(goal)
        return moveArm(a, to: points, open: open, settle: 2)
    }

    func gripperIntents(_ a: Int, open: Bool, count: Int = 2) -> [Intent] {
        (0..<count).map { _ in
            var i = hold()
            i.open[a] = open
            i.tools[a] = tool(a)
            return i
        }
    }

    /// The base may need to drive so the arm can reach `p`: returns drive intents, or nil.
    func driveWithinReach(of p: Vec3, arm a: Int) -> [Intent]? {
        guard model.robot.mobileBase != nil, !model.robot.arms.isEmpty else { return nil }
        let homeTool = model.robot.arms[a].chain.pose(model.robot.home).translation
        let reach = Vec3(homeTool.x, homeTool.y, 0)
        let base = state.base
        let toolHome = base.pose3D * Vec3(homeTool.x, homeTool.y, 0)
        let offset = ((p.x - toolHome.x) * (p.x - toolHome.x) + (p.y - toolHome.y) * (p.y - toolHome.y)).squareRoot()
        if offset < 0.2 { return nil }
        // Park facing the point with the home tool position above it.
        let yaw = atan2(p.y - base.y, p.x - base.x)
        let park = Pose2D(x: p.x - cos(yaw) * reach.x + sin(yaw) * reach.y, y: p.y - sin(yaw) * reach.x - cos(yaw) * reach.y, yaw: yaw)
        return driveBase(toward: [park], final: park.yaw)
    }

    func pickPlan(_ i: Int, arm a: Int) -> Plan {
        let g = state.objects[i].pose.translation
        if let drive = driveWithinReach(of: g, arm: a) { return .success((drive, false, nil)) }
        if !isGripperOpen(state.gripper[a]) && state.objects[i].heldBy != a {
            return .success((gripperIntents(a, open: true), false, nil))
        }
        if state.objects[i].heldBy == a {
            return .success((moveArm(a, to: [liftPoint(a)], open: false), false, nil))
        }
        if length(tool(a) - g) < 0.006 {
            return .success((gripperIntents(a, open: false, count: 2), false, nil))
        }
        return .success((transfer(a, to: g, safeZ: safeHeight(ignoring: i), open: true), false, nil))
    }

    func placePlan(_ i: Int, on: Bool, target: Grounded, arm a: Int) -> Plan {
        if state.objects[i].heldBy == nil {
            // A drawer is opened before the thing for it is picked up.
            if case .part(let k) = target, !model.scene.parts[k].isOpen(state.parts[k].value) || state.parts[k].heldBy != nil {
                return operatePlan(k, .open, arm: state.parts[k].heldBy ?? a)
            }
            // What no gripper can hold is pushed along the table.
            if case .region = target, !model.objects[i].graspable || model.objects[i].shape.graspWidth > model.robot.arms[a].gripper.maxWidth,
               let spot = releasePoint(i, on: on, target: target) {
                return pushPlan(i, to: spot, arm: a)
            }
        }
        guard state.objects[i].heldBy == a else { return pickPlan(i, arm: a) }
        guard let release = releasePoint(i, on: on, target: target) else {
            return .failure(PolicyError("I can't find room to put \(model.objects[i].name) \(on ? "on" : "in") \(target.name)"))
        }
        if case .part(let k) = target, model.scene.parts[k].cavity != nil { return placeThroughOpening(i, spot: release, part: k, arm: a) }
        return placeAt(i, spot: release, arm: a)
    }

    /// A spot beside an anchor, on the surface under it.
    func besideSpot(_ i: Int, _ relation: Reference.Relation, _ anchor: Grounded) -> Vec3? {
        guard let c = currentPosition(anchor) else { return nil }
        let size = grounder.halfSize(anchor)
        let r = grounder.halfSize(.object(i))
        let left = grounder.leftDirection, front = grounder.frontDirection
        let dir: Vec3
        switch relation {
        case .inFrontOf: dir = front
        case .behind: dir = -front
        case .leftOf: dir = left
        case .rightOf: dir = -left
        default: dir = front
        }
        let xy = Vec3(c.x, c.y, 0) + dir * (size + r + 0.05)
        let top = model.scene.fixtures.filter { $0.containsXY(xy) }.map(\.top).max() ?? 0
        return Vec3(xy.x, xy.y, top + model.objects[i].shape.height / 2 + 0.01)
    }

    func currentPosition(_ g: Grounded) -> Vec3? {
        switch g {
        case .object(let j): return state.objects[j].pose.translation
        default: return grounder.position(g)
        }
    }

    func placeAt(_ i: Int, spot: Vec3, arm a: Int) -> Plan {
        if state.objects[i].heldBy == nil, !model.objects[i].graspable || model.objects[i].shape.graspWidth > model.robot.arms[a].gripper.maxWidth {
            return pushPlan(i, to: spot, arm: a)
        }
        guard state.objects[i].heldBy == a else { return pickPlan(i, arm: a) }
        if let drive = driveWithinReach(of: spot, arm: a) { return .success((drive, false, nil)) }
        let goal = spot + (tool(a) - state.objects[i].pose.translation)
        if length(tool(a) - goal) < 0.006 {
            var intents = gripperIntents(a, open: true, count: 2)
            intents += moveArm(a, to: [goal + Vec3(0, 0, 0.06)], open: true, start: goal)
            return .success((Array(intents.prefix(horizon)), false, nil))
        }
        return .success((transfer(a, to: goal, safeZ: safeHeight(ignoring: i) + 0.02, open: false), false, nil))
    }

    /// Where the object's centre should be when it is let go.
    func releasePoint(_ i: Int, on: Bool, target: Grounded) -> Vec3? {
        let h = model.objects[i].shape.height
        switch target {
        case .object(let j):
            let o = model.objects[j]
            let c = state.objects[j].pose.translation
            let surface = on && !o.container ? c.z + o.shape.height / 2 : c.z - o.shape.height / 2 + o.shape.supportHeight
            return Vec3(c.x, c.y, surface + h / 2 + 0.01)
        case .fixture(let f):
            guard let fx = model.scene.fixture(f) else { return nil }
            return freeSpot(for: i, in: (fx.center.x, fx.center.y, max(0, fx.size.x / 2 - 0.02), max(0, fx.size.y / 2 - 0.02))).map { Vec3($0.x, $0.y, fx.top + h / 2 + 0.01) }
        case .region(let r):
            guard let reg = model.scene.region(r) else { return nil }
            let spot = freeSpot(for: i, in: (reg.center.x, reg.center.y, reg.size.x / 2 - 0.02, reg.size.y / 2 - 0.02))
            let top = model.scene.fixtures.filter { f in spot.map { f.containsXY(Vec3($0.x, $0.y, 0)) } ?? false }.map(\.top).max() ?? 0
            return spot.map { Vec3($0.x, $0.y, top + h / 2 + 0.01) }
        case .landmark:
            return nil
        case .part(let k):
            return drawerSpot(i, part: k)
        }
    }

    /// A spot in a rectangle clear of other objects, nearest the robot.
    func freeSpot(for i: Int, in rect: (cx: Double, cy: Double, hx: Double, hy: Double)) -> Vec3? {
        let r = max(model.objects[i].shape.halfFootprint.x, model.objects[i].shape.halfFootprint.y)
        var best: Vec3?
        var bestD = Double.infinity
        let armBase = model.basePose(state).translation
        for ix in -6...6 {
            for iy in -6...6 {
                let p = Vec3(rect.cx + Double(ix) / 6 * max(0, rect.hx), rect.cy + Double(iy) / 6 * max(0, rect.hy), 0)
                let clear = model.objects.indices.allSatisfy { j in
                    j == i || state.objects[j].heldBy != nil || {
                        let q = state.objects[j].pose.translation
                        let rj = max(model.objects[j].shape.halfFootprint.x, model.objects[j].shape.halfFootprint.y)
                        return ((p.x - q.x) * (p.x - q.x) + (p.y - q.y) * (p.y - q.y)).squareRoot() > r + rj + 0.01
                    }()
                }
                let d = ((p.x - armBase.x) * (p.x - armBase.x) + (p.y - armBase.y) * (p.y - armBase.y)).squareRoot()
                if clear && d < bestD { best = p; bestD = d }
            }
        }
        return best
    }
}
