import Foundation
import Kinematics
import Spatial
import World

/// Bases: waypoints along A* routes over the floor plan, or straight to a fixture.
extension ExpertPlanner {
    /// Waypoint intents along points, turning in place when the heading is off.
    func driveBase(toward points: [Pose2D], final yaw: Double?, turnInPlaceAbove threshold: Double = 0.1) -> [Intent] {
        var out: [Intent] = []
        var p = state.base
        var index = 0
        while out.count < horizon && index < points.count {
            let target = points[index]
            let local = p.inverse * target
            let dist = (local.x * local.x + local.y * local.y).squareRoot()
            if dist < 0.02 {
                if index == points.count - 1, let yaw, abs(wrapAngle(yaw - p.yaw)) > 0.03 {
                    let turn = max(-turnStep, min(turnStep, wrapAngle(yaw - p.yaw)))
                    p = Pose2D(x: p.x, y: p.y, yaw: wrapAngle(p.yaw + turn))
                    var i = hold(); i.base = p; out.append(i)
                    continue
                }
                index += 1
                continue
            }
            let bearing = atan2(local.y, local.x)
            let holonomic = model.robot.mobileBase?.isHolonomic ?? false
            if !holonomic && abs(bearing) > threshold {
                let turn = max(-turnStep, min(turnStep, bearing))
                p = Pose2D(x: p.x, y: p.y, yaw: wrapAngle(p.yaw + turn))
            } else {
                let d = min(baseStep, dist)
                let heading = holonomic ? p.yaw : wrapAngle(p.yaw + bearing)
                let dirWorld = atan2(target.y - p.y, target.x - p.x)
                var next = Pose2D(x: p.x + cos(dirWorld) * d, y: p.y + sin(dirWorld) * d, yaw: heading)
                if holonomic, let yaw { next.yaw = p.yaw + max(-turnStep, min(turnStep, wrapAngle(yaw - p.yaw))) }
                p = next
            }
            var i = hold(); i.base = p; out.append(i)
        }
        return out
    }

    func navigate(_ stops: [Reference]) -> Plan {
        guard let map = model.scene.map else { return driveTo(stops) }
        let stops = route.isEmpty ? stops : route.map { Reference(words: $0.split(separator: "_").map(String.init), ordinal: nil, relation: nil, anchors: []) }
        // The route is planned once from where the episode began, so progress along it
        // can be read off the robot's position every time without memory.
        let origin = map.cell(at: Vec3(model.scene.robotStart.x, model.scene.robotStart.y, 0))
        var current = origin
        var route: [NavigationMap.Cell] = [origin]
        var named: [String] = []
        for ref in stops {
            var target: NavigationMap.Cell?
            switch grounder.thing(ref) {
            case .success(.landmark(let n)): target = map.landmark(n).flatMap { map.approachCell(of: $0, from: current) }; named.append(n)
            case .success(.region(let n)):
                if let r = model.scene.region(n) { target = map.cell(at: Vec3(r.center.x, r.center.y, 0)) }; named.append(n)
            default: target = nil
            }
            guard let t = target, map.isFree(t) else { continue }
            guard let leg = map.shortestPath(from: current, to: t) else {
                return .failure(PolicyError("no free path to \(ref) on this map"))
            }
            route += leg.dropFirst()
            current = t
        }
        guard route.count > 1 || !named.isEmpty else {
            return .failure(PolicyError("I don't know where '\(stops.map(\.description).joined(separator: ", "))' is: the map has \(map.landmarks.map(\.name).joined(separator: ", "))"))
        }
        let here = Vec3(state.base.x, state.base.y, 0)
        let centres = route.map { map.center(of: $0) }
        // Progress: the route cell nearest the robot (the later one on ties).
        var progress = 0
        var best = Double.infinity
        for (k, c) in centres.enumerated() where length(c - here) <= best + 1e-9 {
            best = length(c - here); progress = k
        }
        if progress == route.count - 1 && best < 0.12 {
            var stop = hold(); stop.stop = true
            return .success(([stop], true, "arrived"))
        }
        var points = simplify(Array(route[progress...])).map { map.center(of: $0) }.map { Pose2D(x: $0.x, y: $0.y, yaw: 0) }
        // Back to the middle of the nearest route cell first when the base has drifted:
        // cell centres are where the planned path clears the walls.
        if let first = points.first, first.distance(to: state.base) < 0.08 { points.removeFirst() }
        if points.isEmpty { points = [Pose2D(x: centres.last!.x, y: centres.last!.y)] }
        return .success((driveBase(toward: points, final: nil), false, nil))
    }

    /// Without a floor plan (a kitchen of fixtures): drive straight to stand by the
    /// last named thing, facing it, then stop.
    func driveTo(_ stops: [Reference]) -> Plan {
        guard model.robot.mobileBase != nil else { return .failure(PolicyError("\(model.robot.name) has no base to drive")) }
        guard let last = stops.last, case .success(let g) = grounder.thing(last), let c = currentPosition(g) else {
            return .failure(PolicyError("I don't know where '\(stops.map(\.description).joined(separator: ", "))' is"))
        }
        let b = state.base
        let yaw = atan2(c.y - b.y, c.x - b.x)
        // Centre to edge of the thing along the approach, plus the base's half length.
        var half = 0.05
        if case .fixture(let f) = g, let fx = model.scene.fixture(f) { half = abs(cos(yaw)) * fx.size.x / 2 + abs(sin(yaw)) * fx.size.y / 2 }
        let base = model.robot.mobileBase
        let standOff = half + (base?.footprintSize.map { $0.length / 2 } ?? base?.footprintRadius ?? 0.3) + 0.05
        let park = Pose2D(x: c.x - cos(yaw) * standOff, y: c.y - sin(yaw) * standOff, yaw: yaw)
        if park.distance(to: b) < 0.03 && abs(wrapAngle(park.yaw - b.yaw)) < 0.05 {
            var stop = hold(); stop.stop = true
            return .success(([stop], true, "arrived"))
        }
        return .success((driveBase(toward: [park], final: yaw), false, nil))
    }

    /// Drops cells in the middle of straight runs.
    func simplify(_ cells: [NavigationMap.Cell]) -> [NavigationMap.Cell] {
        guard cells.count > 2 else { return cells }
        var out = [cells[0]]
        for k in 1..<(cells.count - 1) {
            let a = cells[k - 1], b = cells[k], c = cells[k + 1]
            if (b.col - a.col, b.row - a.row) != (c.col - b.col, c.row - b.row) { out.append(b) }
        }
        out.append(cells.last!)
        return out
    }
}
