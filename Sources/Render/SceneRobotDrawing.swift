import Kinematics
import Spatial
import World

/// The moving parts: the predicted worm, the robot's base, links and grippers.
extension SceneRenderer {
    static func drawWorm(_ pts: [SIMD2<Double>], _ canvas: inout Canvas) {
        guard pts.count > 1 else { return }
        let n = pts.count - 1
        for i in 1...n {
            let level = Swift.min(5, (i - 1) * 6 / Swift.max(1, n))
            let attrs: Attributes = level <= 1 ? .bold : (level >= 4 ? .dim : [])
            let a = pts[i - 1], b = pts[i]
            canvas.line(a.x, a.y, b.x, b.y, Style(fg: .trail(level), attrs), layer: lWorm, dash: level >= 4 ? 1 : 0)
        }
        // The far end of the horizon.
        if let last = pts.last { canvas.disc(last.x, last.y, radius: 1, Style(fg: .trail(5)), layer: lWorm) }
    }

    static func drawRobot(_ model: WorldModel, _ state: WorldState, _ proj: Projector, _ canvas: inout Canvas) {
        let body = Style(fg: .white, .bold)
        let side = Style(fg: .darkGray)
        var links: [(SIMD2<Double>, SIMD2<Double>)] = []
        // A mobile base: its footprint and heading.
        if let mb = ScenePrimitives.base(model, state) {
            let z = mb.height
            let corners = mb.footprint
            let ground = mb.ground
            let topPts = corners.map { ground * ($0 + Vec3(0, 0, z)) }.compactMap { proj.project($0).map { SIMD2($0.x, $0.y) } }
            if proj.camera.view == .top {
                canvas.polygon(topPts, Style(fg: .darkGray), layer: lRobot)
            } else {
                let all = (corners.map { ground * $0 } + corners.map { ground * ($0 + Vec3(0, 0, z)) }).compactMap { proj.project($0).map { SIMD2($0.x, $0.y) } }
                canvas.polygon(convexHull(all), Style(fg: .darkGray), layer: lRobot)
            }
            canvas.outline(topPts, Style(fg: .gray, .bold), layer: lRobot)
            let nose = mb.nose
            // The heading, at least a few pixels long however far the camera is.
            let minNose = 5 / Swift.max(proj.pixels(1, at: ground.translation), 1e-6)
            if let s = proj.segment(ground * Vec3(0, 0, z), ground * Vec3(Swift.max(nose * 1.25, minNose), 0, z)) {
                canvas.line(s.0.x, s.0.y, s.1.x, s.1.y, Style(fg: .cyan, .bold), layer: lRobot + 1)
                canvas.disc(s.0.x, s.0.y, radius: 1.5, Style(fg: .cyan, .bold), layer: lRobot + 1)
            }
        }
        // Links: capsules as a centre line (and side lines when thick enough), joints as dots.
        for shape in ScenePrimitives.links(model, state) {
            switch shape {
            case .capsule(let a, let b, let r):
                guard let (pa, pb) = proj.segment(a, b) else { continue }
                // A solid body a little slimmer than the collision capsule, so
                // what is behind the arm stays readable; a bright centre line.
                let pr = proj.pixels(r * 0.6, at: (a + b) / 2)
                let d = pb - pa
                let len = (d.x * d.x + d.y * d.y).squareRoot()
                if pr >= 1.2 {
                    if len > 0.5 {
                        let nrm = SIMD2(-d.y, d.x) / len * pr
                        canvas.polygon([pa + nrm, pb + nrm, pb - nrm, pa - nrm], side, layer: lRobot)
                    }
                    canvas.disc(pa.x, pa.y, radius: pr, side, layer: lRobot)
                    canvas.disc(pb.x, pb.y, radius: pr, side, layer: lRobot)
                }
                links.append((pa, pb))
            case .sphere(let center, let r):
                if let c = proj.project(center) { canvas.circle(c.x, c.y, radius: Swift.max(1, proj.pixels(r, at: center)), body, layer: lRobot) }
            case .box(let f, let size):
                let bx = Bounds3(min: -size / 2, max: size / 2)
                let hull = convexHull(bx.corners.map { f * $0 }.compactMap { proj.project($0).map { SIMD2($0.x, $0.y) } })
                canvas.outline(hull, body, layer: lRobot)
            case .cylinder(let f, _, let length):
                // Its axis only: at terminal resolution a link's cylinder is a line.
                if let s = proj.segment(f * Vec3(0, 0, -length / 2), f * Vec3(0, 0, length / 2)) {
                    canvas.line(s.0.x, s.0.y, s.1.x, s.1.y, body, layer: lRobot)
                }
            }
        }
        // Centre lines over the bodies, on a layer of their own so they stay visible.
        for (pa, pb) in links {
            canvas.line(pa.x, pa.y, pb.x, pb.y, body, layer: lRobot + 1)
        }
        // Grippers: two fingers and a bridge, green when open, orange when closed.
        for g in ScenePrimitives.grippers(model, state) {
            let tool = g.tool
            let st = Style(fg: g.isOpen ? .green : .orange, .bold)
            for (p, q) in g.fingers {
                if let s = proj.segment(p, q) { canvas.line(s.0.x, s.0.y, s.1.x, s.1.y, st, layer: lGripper) }
            }
            if let c = proj.project(tool.translation) { canvas.set(clampedInt(c.x, .down), clampedInt(c.y, .down), st, layer: lGripper) }
        }
    }
}
