import Spatial
import World

/// Articulated parts as things to draw: for each part at its current value, world
/// boxes that both the TUI (`SceneRenderer.drawParts`) and the cameras (`SceneMesh`)
/// draw, so a drawer is open by the same amount in both. Boxes are axis-aligned
/// (`Bounds3`), so a turned door is a staircase of slabs and a knob's turn shows as
/// its pointer moving round the dial.
extension ScenePrimitives {
    /// One part as drawn: its boxes at the value in its state, and its colours.
    public struct PartSolid: Sendable {
        /// Its index in `SceneModel.parts` and `WorldState.parts`.
        public var index: Int
        public var part: ArticulatedPart
        public var state: PartState
        /// The moving body: a tray's floor and four walls, a door's slabs, a dial, a button.
        public var body: [Bounds3]
        /// The handle, or a knob's pointer reaching out to its tab: drawn over the body.
        public var grip: [Bounds3]
        public var color: Color
        public var gripColor: Color
        /// A drawer's inner top edge, so the TUI can show it is a tray; empty otherwise.
        public var rim: [Vec3]

        /// Where the body is, for drawing far to near.
        public var center: Vec3 {
            var b = Bounds3.empty
            for box in body { b.add(box.min); b.add(box.max) }
            return b.isEmpty ? part.center : b.center
        }

        /// "open", "closed", "ajar", "on" or "off".
        public var stateWord: String { part.stateWord(state.value) }
        /// At rest: a drawer or door closed, a knob or button off. Labels skip these.
        public var isAtRest: Bool { part.isAtRest(state.value) }
    }

    /// Slabs a door's panel is cut into, across its width, so that it can turn: each
    /// step of the staircase a turned door becomes is a tenth of its width.
    static let doorSlabs = 10
    /// A handle bar's thickness and its length across a drawer's front (m).
    static let handleThickness = 0.012
    static let handleLength = 0.06
    /// The cubes of a knob's pointer (m).
    static let pointerSize = 0.01

    /// Every part of the scene at its value in `state`, in scene order.
    public static func parts(_ model: WorldModel, _ state: WorldState) -> [PartSolid] {
        model.scene.parts.indices.map { i in
            let part = model.scene.parts[i]
            let ps = i < state.parts.count ? state.parts[i] : PartState(value: part.start)
            return solid(part, ps, index: i)
        }
    }

    /// One part at `ps.value` (clamped to its travel, as the world keeps it).
    public static func solid(_ part: ArticulatedPart, _ ps: PartState, index: Int = 0) -> PartSolid {
        let value = part.clamped(ps.value)
        let color = Color.named(part.color)
        let metal: Color = color == .gray ? .white : .gray
        switch part.kind {
        case .drawer:
            let c = part.center + part.axis * value
            return PartSolid(index: index, part: part, state: ps, body: trayBoxes(center: c, size: part.size),
                             grip: [drawerHandle(part, value)], color: color, gripColor: metal, rim: trayRim(center: c, size: part.size))
        case .door:
            return PartSolid(index: index, part: part, state: ps, body: doorSlabBoxes(part, value), grip: [doorHandle(part, value)],
                             color: color, gripColor: metal, rim: [])
        case .knob:
            // The dial is round in spirit, so it stays put; the pointer shows the turn.
            let dial = Bounds3(min: part.center - part.size / 2, max: part.center + part.size / 2)
            return PartSolid(index: index, part: part, state: ps, body: [dial], grip: knobPointer(part, value), color: color,
                             gripColor: part.isOpen(value) ? .orange : metal, rim: [])
        case .button:
            let box = Bounds3(min: part.center - part.size / 2, max: part.center + part.size / 2)
            let on = part.isOpen(value)
            let lit: Color = color == .yellow ? .white : .yellow
            return PartSolid(index: index, part: part, state: ps, body: [box], grip: [], color: on ? lit : color, gripColor: metal, rim: [])
        }
    }

    /// A tray open at the top: its floor and four walls, `ArticulatedPart.wall` thick.
    static func trayBoxes(center c: Vec3, size s: Vec3) -> [Bounds3] {
        let w = ArticulatedPart.wall
        let lo = c - s / 2, hi = c + s / 2
        return [
            Bounds3(min: lo, max: Vec3(hi.x, hi.y, lo.z + w)),
            Bounds3(min: Vec3(lo.x, lo.y, lo.z + w), max: Vec3(lo.x + w, hi.y, hi.z)),
            Bounds3(min: Vec3(hi.x - w, lo.y, lo.z + w), max: Vec3(hi.x, hi.y, hi.z)),
            Bounds3(min: Vec3(lo.x + w, lo.y, lo.z + w), max: Vec3(hi.x - w, lo.y + w, hi.z)),
            Bounds3(min: Vec3(lo.x + w, hi.y - w, lo.z + w), max: Vec3(hi.x - w, hi.y, hi.z)),
        ]
    }

    static func trayRim(center c: Vec3, size s: Vec3) -> [Vec3] {
        let w = ArticulatedPart.wall
        let lo = c - s / 2 + Vec3(w, w, 0), hi = c + s / 2 - Vec3(w, w, 0)
        return [Vec3(lo.x, lo.y, hi.z), Vec3(hi.x, lo.y, hi.z), Vec3(hi.x, hi.y, hi.z), Vec3(lo.x, hi.y, hi.z)]
    }

    /// A bar across a drawer's front, from the front face out to the handle point, so
    /// it shows from above and from the front alike.
    static func drawerHandle(_ part: ArticulatedPart, _ value: Double) -> Bounds3 {
        let axis = part.axis
        let h = part.handlePoint(value)
        let c = part.center + axis * value
        let reach = abs(axis.x) * part.size.x / 2 + abs(axis.y) * part.size.y / 2 + abs(axis.z) * part.size.z / 2
        let out = Swift.max(dot(h - c, axis) - reach, 0.008)
        let up = abs(axis.z) > 0.9 ? Vec3(1, 0, 0) : Vec3(0, 0, 1)
        let across = normalize(cross(up, axis))
        let halfLength = Swift.min(handleLength, 0.5 * (abs(across.x) * part.size.x + abs(across.y) * part.size.y + abs(across.z) * part.size.z)) / 2
        return boundsOf([h, h - axis * out], spread: [across * halfLength, up * (handleThickness / 2)])
    }

    /// A door's panel turned about its hinge: slabs across its width, each the
    /// axis-aligned box around where its piece of the panel has turned to.
    static func doorSlabBoxes(_ part: ArticulatedPart, _ value: Double) -> [Bounds3] {
        let s = part.size, lo = part.center - s / 2
        // The width runs along the panel's longest side that is not the hinge's axis.
        let a = part.axis
        let sides = [(0, s.x, abs(a.x)), (1, s.y, abs(a.y)), (2, s.z, abs(a.z))]
        let width = sides.filter { $0.2 < 0.5 }.max { $0.1 < $1.1 }?.0 ?? 0
        let t = part.transform(value)
        var step = Vec3(0, 0, 0)
        step[width] = s[width] / Double(doorSlabs)
        var piece = s
        piece[width] = step[width]
        return (0..<doorSlabs).map { k in
            let pmin = lo + step * Double(k)
            var b = Bounds3.empty
            for corner in Bounds3(min: pmin, max: pmin + piece).corners { b.add(t * corner) }
            return b
        }
    }

    /// A door's handle: a bar along the hinge's direction, where the handle has turned to.
    static func doorHandle(_ part: ArticulatedPart, _ value: Double) -> Bounds3 {
        let h = part.handlePoint(value)
        return boundsOf([h], spread: [part.axis * (handleLength / 2), Vec3(1, 1, 1) * (handleThickness / 2)])
    }

    /// Small cubes from the knob's axis out to its tab, at the tab's height.
    static func knobPointer(_ part: ArticulatedPart, _ value: Double) -> [Bounds3] {
        let tab = part.handlePoint(value)
        let onAxis = part.pivot + part.axis * dot(tab - part.pivot, part.axis)
        let half = Vec3(1, 1, 1) * (pointerSize / 2)
        return [0.45, 0.75, 1.0].map { f in
            let p = onAxis + (tab - onAxis) * f
            return Bounds3(min: p - half, max: p + half)
        }
    }

    /// The axis-aligned box around `points`, each widened by ± every `spread` vector.
    static func boundsOf(_ points: [Vec3], spread: [Vec3]) -> Bounds3 {
        var b = Bounds3.empty
        for p in points {
            var ends = [p]
            for d in spread { ends = ends.flatMap { [$0 + d, $0 - d] } }
            for e in ends { b.add(e) }
        }
        return b
    }

    /// Every place a part's body and handle reach over its travel, for fitting the view.
    static func partReach(_ part: ArticulatedPart) -> [Vec3] {
        [part.lower, part.upper, (part.lower + part.upper) / 2].flatMap { v -> [Vec3] in
            let s = solid(part, PartState(value: v))
            return (s.body + s.grip).flatMap { [$0.min, $0.max] }
        }
    }
}
