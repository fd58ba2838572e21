import Foundation
import Kinematics
import Spatial
import World

/// Path tasks: trace the scene's reference path with the tool or the base.
extension ExpertPlanner {
    func followPath() -> Plan {
        guard let task = pathTask.map({ model.scene.tasks[$0] }) ?? model.scene.tasks.first(where: { $0.instruction.lowercased() == instruction.lowercased() && !$0.referencePath.isEmpty })
                ?? model.scene.tasks.first(where: { !$0.referencePath.isEmpty && $0.pathSubject != nil && model.scene.tasks.count == 1 }) else {
            return .failure(PolicyError("I can only trace the paths this scene defines; \"\(instruction)\" is not one of its tasks"))
        }
        let path = task.referencePath
        let total = Metrics.pathLength(path)
        let isBase = task.pathSubject == .base
        if isBase { return followBasePath(path, total: total) }
        let v = isBase ? baseStep : armStep
        var intents: [Intent] = []
        var k = step
        while intents.count < horizon {
            let s = Double(k + 1) * v
            let p = point(on: path, at: min(s, total))
            var intent = hold()
            if isBase {
                let prev = point(on: path, at: max(0, min(s, total) - v))
                let yaw = length(p - prev) > 1e-9 ? atan2(p.y - prev.y, p.x - prev.x) : state.base.yaw
                intent.base = Pose2D(x: p.x, y: p.y, yaw: yaw)
            } else {
                intent.tools[0] = p
            }
            intents.append(intent)
            if s >= total { return .success((intents, true, "path traced")) }
            k += 1
        }
        return .success((intents, false, nil))
    }

    /// Bases track the path by projection: find where along it the base is (searching
    /// near where the step count says it should be, so closed loops are not confused),
    /// then drive to points just ahead, turning in place at corners.
    func followBasePath(_ path: [Vec3], total: Double) -> Plan {
        let here = Vec3(state.base.x, state.base.y, 0)
        // The base usually lags the step count a little: look back generously.
        let expected = min(total, Double(step) * baseStep)
        var bestS = 0.0, bestD = Double.infinity
        var s = max(0, expected - 2.0)
        while s <= min(total, expected + 0.3) {
            // Where a path crosses itself, prefer the crossing the clock says we are at.
            let d = length(point(on: path, at: s) - here) + 0.05 * abs(s - expected)
            if d < bestD { bestD = d; bestS = s }
            s += 0.01
        }
        bestD = length(point(on: path, at: bestS) - here)
        if bestS >= total - 0.03 && length(path.last! - here) < 0.05 {
            return .success(([hold()], true, "path traced"))
        }
        var targets: [Pose2D] = []
        var t = bestS
        // Short chunks: a differential drive strays from open-loop waypoints on curves,
        // so the expert looks again every few steps.
        while t < total && targets.count < min(horizon, 3) {
            t = min(total, t + baseStep)
            let p = point(on: path, at: t)
            targets.append(Pose2D(x: p.x, y: p.y))
        }
        if targets.isEmpty { targets = [Pose2D(x: path.last!.x, y: path.last!.y)] }
        // Curves are driven as arcs: turning in place only at real corners.
        return .success((driveBase(toward: targets, final: nil, turnInPlaceAbove: 0.4), false, nil))
    }

    func point(on path: [Vec3], at s: Double) -> Vec3 {
        var walked = 0.0
        for (a, b) in zip(path, path.dropFirst()) {
            let l = length(b - a)
            if walked + l >= s { return l > 0 ? a + (b - a) * ((s - walked) / l) : a }
            walked += l
        }
        return path.last ?? .zero
    }
}
