import Spatial
import World

/// What things stand on: the navigation map, the floor grid, box edges and surface heights.
extension SceneRenderer {
    static func drawMap(_ map: NavigationMap, opened: [String] = [], _ proj: Projector, _ canvas: inout Canvas) {
        let boxes = ScenePrimitives.mapBlocks(map, opened: opened).map { ($0.bounds, $0.color, $0.isWall) }
        // The floor of the building, as a surface.
        let floor = ScenePrimitives.mapFloor(map)
        canvas.background(floor.compactMap { proj.project($0).map { SIMD2($0.x, $0.y) } }, .surface, layer: lFloor)
        if proj.camera.view == .top {
            for (b, color, _) in boxes {
                let face = [Vec3(b.min.x, b.min.y, 0), Vec3(b.max.x, b.min.y, 0), Vec3(b.max.x, b.max.y, 0), Vec3(b.min.x, b.max.y, 0)]
                canvas.polygon(face.compactMap { proj.project($0).map { SIMD2($0.x, $0.y) } }, Style(fg: color), layer: lWall)
            }
        } else {
            for (b, color, isWall) in boxes.sorted(by: { proj.depth($0.0.center) > proj.depth($1.0.center) }) {
                let hull = convexHull(b.corners.compactMap { proj.project($0).map { SIMD2($0.x, $0.y) } })
                canvas.polygon(hull, Style(fg: color, isWall ? [] : .dim), layer: lWall)
            }
        }
    }

    /// Landmark names, placed after everything else is drawn so the robot, the paths
    /// and other labels keep their cells (a name that fits nowhere is left out).
    static func drawMapLabels(_ map: NavigationMap, _ proj: Projector, _ canvas: inout Canvas) {
        let letterColor = ScenePrimitives.landmarkColors(map)
        for m in map.landmarks where !m.cells.isEmpty {
            guard let p = proj.project(m.center + Vec3(0, 0, m.passable ? 0 : 0.4)) else { continue }
            _ = placeLabel(m.name, near: SIMD2(p.x, p.y), halfWidth: 0, &canvas, Style(fg: letterColor[m.letter] ?? .gray), layer: lLabel, centered: true)
        }
    }

    /// Dotted lines every half metre on the floor.
    static func drawGrid(_ b: Bounds3, _ proj: Projector, _ canvas: inout Canvas) {
        let step = 0.5
        let x0 = (b.min.x / step).rounded(.down) * step - step, x1 = (b.max.x / step).rounded(.up) * step + step
        let y0 = (b.min.y / step).rounded(.down) * step - step, y1 = (b.max.y / step).rounded(.up) * step + step
        let st = Style(fg: .darkGray, .dim)
        var x = x0
        while x <= x1 + 1e-9 {
            if let s = proj.segment(Vec3(x, y0, 0), Vec3(x, y1, 0)) { canvas.line(s.0.x, s.0.y, s.1.x, s.1.y, st, layer: lFloor, dash: 1) }
            x += step
        }
        var y = y0
        while y <= y1 + 1e-9 {
            if let s = proj.segment(Vec3(x0, y, 0), Vec3(x1, y, 0)) { canvas.line(s.0.x, s.0.y, s.1.x, s.1.y, st, layer: lFloor, dash: 1) }
            y += step
        }
    }

    static func drawBoxEdges(_ b: Bounds3, _ proj: Projector, _ st: Style, _ layer: UInt8, _ canvas: inout Canvas) {
        let c = b.corners
        let edges = [(0, 1), (1, 3), (3, 2), (2, 0), (4, 5), (5, 7), (7, 6), (6, 4), (0, 4), (1, 5), (2, 6), (3, 7)]
        for (i, j) in edges {
            if let s = proj.segment(c[i], c[j]) { canvas.line(s.0.x, s.0.y, s.1.x, s.1.y, st, layer: layer) }
        }
    }

    /// Height of the surface under (x, y): the highest fixture top there, else 0.
    static func surfaceHeight(_ model: WorldModel, x: Double, y: Double) -> Double {
        model.scene.fixtures.filter { $0.containsXY(Vec3(x, y, 0)) }.map(\.top).max() ?? 0
    }
}
