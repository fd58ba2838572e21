import Spatial
import World

/// Drawers, doors, knobs and buttons in the braille views, from the same boxes the
/// cameras draw (`ScenePrimitives.parts`).
extension SceneRenderer {
    /// Parts far to near, on the fixtures' layer after the fixtures (a drawer shows in
    /// front of its cabinet, and objects inside it over it): each body's silhouette as
    /// a surface outlined in its colour, a tray's inner rim, then its handle or pointer.
    static func drawParts(_ model: WorldModel, _ state: WorldState, _ proj: Projector, _ canvas: inout Canvas) {
        let solids = ScenePrimitives.parts(model, state).sorted { proj.depth($0.center) > proj.depth($1.center) }
        for solid in solids {
            // A shut drawer is hidden under its cabinet's top from above, and its outline
            // just inside the cabinet's would only thicken that: from above it is its handle.
            let shut = isShut(solid)
            if !(shut && proj.camera.view == .top) {
                let hull = convexHull(projected(solid.body.flatMap(\.corners), proj))
                canvas.background(hull, .fixture, layer: lFixture)
                canvas.outline(hull, Style(fg: solid.color), layer: lFixture)
            }
            if !solid.rim.isEmpty, !shut { canvas.outline(projected(solid.rim, proj), Style(fg: solid.color, .dim), layer: lFixture) }
            for grip in solid.grip {
                let g = convexHull(projected(grip.corners, proj))
                guard !g.isEmpty else { continue }
                let gripStyle = Style(fg: solid.gripColor, .bold)
                canvas.polygon(g, gripStyle, layer: lFixture)
                // A handle is a centimetre or two: at least one dot, whatever the zoom.
                let mid = g.reduce(SIMD2<Double>(0, 0), +) / Double(g.count)
                canvas.set(clampedInt(mid.x, .down), clampedInt(mid.y, .down), gripStyle, layer: lFixture)
            }
        }
    }

    /// A closed drawer in a cabinet: its tray is inside, only its front and handle show.
    static func isShut(_ solid: ScenePrimitives.PartSolid) -> Bool {
        solid.part.kind == .drawer && solid.part.mount != nil && solid.isAtRest
    }

    /// Parts that have moved from rest get a short label by their handle ("top_drawer
    /// open", "stove_knob on"); parts at rest go unlabelled, as their mount's name and
    /// the inspector already say where and what they are.
    static func drawPartLabels(_ model: WorldModel, _ state: WorldState, _ proj: Projector, _ canvas: inout Canvas) {
        for solid in ScenePrimitives.parts(model, state) where !solid.isAtRest {
            let at = solid.part.handlePoint(solid.part.clamped(solid.state.value))
            guard let c = proj.project(at) else { continue }
            let style = Style(fg: solid.color == .darkGray ? .gray : solid.color, .dim)
            placeLabel("\(solid.part.name) \(solid.stateWord)", near: SIMD2(c.x, c.y), halfWidth: 2, &canvas, style)
        }
    }
}
