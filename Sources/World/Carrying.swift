import Spatial

/// Things resting in or on something that moves go with it: the contents of a
/// carried bowl or tray, the cube on a pushed box. Worked out from the state (what
/// rests on what now), so nothing extra is stored.
public enum Carrying {
    /// Objects resting on object `j` (on its top, or on its floor when a container),
    /// and those resting on them, loose ones only.
    public static func riders(of j: Int, _ model: WorldModel, _ s: WorldState) -> [Int] {
        var out: [Int] = []
        var frontier = [j]
        while let c = frontier.popLast(), out.count < model.objects.count {
            let o = model.objects[c]
            let pose = s.objects[c].pose
            let top = pose.translation.z - o.shape.height / 2 + o.shape.supportHeight
            let rim = pose.translation.z + o.shape.height / 2
            for i in s.objects.indices where i != j && s.objects[i].heldBy == nil && !out.contains(i) {
                let p = s.objects[i].pose.translation
                let bottom = p.z - model.objects[i].shape.height / 2
                let resting = o.container ? (bottom >= top - GoalEvaluator.restTolerance && bottom <= rim) : abs(bottom - top) <= GoalEvaluator.restTolerance
                if resting && GoalEvaluator.footprintContains(o, pose, p) {
                    out.append(i)
                    frontier.append(i)
                }
            }
        }
        return out
    }

    /// Moves object `i` to `pose`, and its riders by the same motion.
    public static func move(_ i: Int, to pose: Pose, _ model: WorldModel, _ s: inout WorldState) {
        let riding = riders(of: i, model, s)
        let delta = pose * s.objects[i].pose.inverse
        s.objects[i].pose = pose
        for r in riding { s.objects[r].pose = delta * s.objects[r].pose }
    }
}
