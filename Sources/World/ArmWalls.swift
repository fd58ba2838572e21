import Spatial

/// Arm links against a floor plan's walls, as the base is: a step that would put a
/// link into a wall it was clear of is refused for the arms, which stay put.
public enum ArmWalls {
    /// The first link (by name) that touches a wall in `s` and did not in `previous`, or nil.
    public static func newCollision(_ model: WorldModel, previous: WorldState, _ s: WorldState) -> String? {
        guard let map = model.scene.map, !model.robot.arms.isEmpty else { return nil }
        let now = colliding(map, LinkShapes.segments(model, s))
        guard !now.isEmpty else { return nil }
        let before = colliding(map, LinkShapes.segments(model, previous))
        guard let j = now.first(where: { !before.contains($0) }) else { return nil }
        return model.robot.tree.joints[j].name
    }

    /// Joints whose shapes touch a wall: points along each segment, a cell apart at most.
    static func colliding(_ map: NavigationMap, _ segments: [LinkSegment]) -> Set<Int> {
        var out = Set<Int>()
        for seg in segments where !out.contains(seg.joint) {
            let n = min(64, max(1, clampedInt(length(seg.b - seg.a) / max(0.01, map.cell / 2), .up)))
            for k in 0...n where map.collides(seg.a + (seg.b - seg.a) * (Double(k) / Double(n)), radius: seg.radius) {
                out.insert(seg.joint)
                break
            }
        }
        return out
    }
}
