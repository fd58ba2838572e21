import Kinematics
import Spatial
import World

/// What is drawn over the scene: the predicted trajectory of the current chunk (a
/// "worm" fading from near to far), the previous prediction as a ghost, the path
/// actually executed, gripper open/close marks, goals and reference paths.
public struct SceneOverlay: Sendable, Equatable {
    /// Predicted paths (one per arm tool, or the base), starting where the robot is.
    public var predicted: [[Vec3]]
    /// Where the predicted actions command the gripper to close (true) or open.
    public var marks: [GripperMark]
    /// The previous prediction, for A/B comparison after a re-predict.
    public var ghost: [[Vec3]]
    /// The path the robot actually took, up to now.
    public var realised: [[Vec3]]
    public var goals: [GoalMarker]
    /// A task's reference path (navigation and trajectory tasks).
    public var reference: [Vec3]

    public init(predicted: [[Vec3]] = [], marks: [GripperMark] = [], ghost: [[Vec3]] = [], realised: [[Vec3]] = [],
                goals: [GoalMarker] = [], reference: [Vec3] = []) {
        self.predicted = predicted; self.marks = marks; self.ghost = ghost; self.realised = realised
        self.goals = goals; self.reference = reference
    }

    public static let none = SceneOverlay()
}

public struct GripperMark: Sendable, Equatable {
    public var position: Vec3
    public var closes: Bool
    public init(position: Vec3, closes: Bool) { self.position = position; self.closes = closes }
}

/// A place the task wants something to reach: drawn as a dashed ring and a label.
public struct GoalMarker: Sendable, Equatable {
    public var position: Vec3
    public var radius: Double
    public var label: String
    public var reached: Bool
    public init(position: Vec3, radius: Double, label: String, reached: Bool = false) {
        self.position = position; self.radius = radius; self.label = label; self.reached = reached
    }
}

/// Options for drawing a scene.
public struct SceneStyle: Sendable, Equatable {
    public var labels: Bool
    public init(labels: Bool = true) { self.labels = labels }
}

/// Turns (model, state, camera, overlay) into braille primitives on a canvas.
public enum SceneRenderer {
    // Layers, bottom to top. The predicted worm lies over the robot's body (it starts
    // at the gripper) and under the gripper and the marks.
    static let lFloor: UInt8 = 1, lTable: UInt8 = 2, lFixture: UInt8 = 3, lRegion: UInt8 = 4, lWall: UInt8 = 5
    static let lObject: UInt8 = 6, lLabel: UInt8 = 7, lPath: UInt8 = 8, lRobot: UInt8 = 9, lWorm: UInt8 = 11
    static let lGripper: UInt8 = 12, lMark: UInt8 = 13

    /// The part of the world worth showing: fixtures, objects, the robot's reach, the
    /// map. It depends on the model only, so the view holds still during an episode.
    public static func bounds(_ model: WorldModel) -> Bounds3 {
        var b = Bounds3.empty
        if let map = model.scene.map {
            b.add(Vec3(0, 0, 0)); b.add(Vec3(Double(map.width) * map.cell, Double(map.height) * map.cell, 0.6))
        }
        for f in model.scene.fixtures { b.add(f.center - f.size / 2); b.add(f.center + f.size / 2) }
        for o in model.objects {
            let h = o.shape.halfFootprint
            b.add(o.start.translation - Vec3(h.x, h.y, o.shape.height / 2)); b.add(o.start.translation + Vec3(h.x, h.y, o.shape.height / 2))
        }
        for r in model.scene.regions {
            b.add(Vec3(r.center.x - r.size.x / 2, r.center.y - r.size.y / 2, 0)); b.add(Vec3(r.center.x + r.size.x / 2, r.center.y + r.size.y / 2, 0))
        }
        for t in model.scene.tasks { for p in t.referencePath { b.add(p) } }
        // The robot at home, where it starts.
        let s0 = WorldState(q: model.robot.home, base: model.scene.robotStart, gripper: [], objects: [])
        let base = model.basePose(s0)
        b.add(base.translation, radius: model.robot.mobileBase?.footprintRadius ?? 0.08)
        let frames = model.robot.tree.forwardKinematics(model.robot.home)
        for f in frames { b.add(base * f.translation) }
        for a in model.robot.arms.indices { b.add(model.toolPose(s0, arm: a).translation) }
        if b.isEmpty { b = Bounds3(min: Vec3(-1, -1, 0), max: Vec3(1, 1, 1)) }
        b.add(Vec3(b.min.x, b.min.y, Swift.min(b.min.z, 0)))
        return b
    }

    /// Draws the scene and the overlay on `canvas`.
    public static func draw(_ model: WorldModel, _ state: WorldState, camera: Camera, overlay: SceneOverlay,
                            style: SceneStyle = SceneStyle(), bounds: Bounds3? = nil, on canvas: inout Canvas) {
        let proj = Projector(camera: camera, bounds: bounds ?? SceneRenderer.bounds(model),
                             pixelWidth: canvas.pixelWidth, pixelHeight: canvas.pixelHeight)
        func pts(_ ps: [Vec3]) -> [SIMD2<Double>] { ps.compactMap { proj.project($0).map { SIMD2($0.x, $0.y) } } }

        // Floor plan, or a floor grid when there is nothing else to stand on.
        if let map = model.scene.map { drawMap(map, proj, &canvas, labels: style.labels) }
        else if model.scene.fixtures.isEmpty { drawGrid(bounds ?? SceneRenderer.bounds(model), proj, &canvas) }

        // Table and fixtures: surfaces as background, outlines in their colour.
        let fixtures = ScenePrimitives.fixtures(model).sorted { proj.depth($0.fixture.center) > proj.depth($1.fixture.center) }
        for fb in fixtures {
            let f = fb.fixture
            let isTable = fb.isTable
            let top = f.top
            let h = f.size / 2
            let topFace = [Vec3(f.center.x - h.x, f.center.y - h.y, top), Vec3(f.center.x + h.x, f.center.y - h.y, top),
                           Vec3(f.center.x + h.x, f.center.y + h.y, top), Vec3(f.center.x - h.x, f.center.y + h.y, top)]
            let box = fb.bounds
            let outlineStyle = Style(fg: fb.color)
            if camera.view == .top {
                canvas.background(pts(topFace), isTable ? .surface : .fixture, layer: isTable ? lTable : lFixture)
                canvas.outline(pts(topFace), outlineStyle, layer: isTable ? lTable : lFixture)
            } else {
                let hull = convexHull(pts(box.corners))
                canvas.background(hull, isTable ? .surface : .fixture, layer: isTable ? lTable : lFixture)
                if camera.view == .perspective { drawBoxEdges(box, proj, outlineStyle, isTable ? lTable : lFixture, &canvas) }
                else { canvas.outline(hull, outlineStyle, layer: isTable ? lTable : lFixture) }
            }
            if style.labels && !isTable, let c = proj.project(Vec3(f.center.x, f.center.y, top)) {
                _ = placeLabel(f.name, near: SIMD2(c.x, c.y), halfWidth: proj.pixels(h.x, at: f.center), &canvas, Style(fg: .gray, .dim))
            }
        }

        // Regions: dashed outlines on the surface below them.
        for r in model.scene.regions {
            let z = surfaceHeight(model, x: r.center.x, y: r.center.y)
            let corners = [Vec3(r.center.x - r.size.x / 2, r.center.y - r.size.y / 2, z), Vec3(r.center.x + r.size.x / 2, r.center.y - r.size.y / 2, z),
                           Vec3(r.center.x + r.size.x / 2, r.center.y + r.size.y / 2, z), Vec3(r.center.x - r.size.x / 2, r.center.y + r.size.y / 2, z)]
            canvas.outline(pts(corners), Style(fg: .yellow, .dim), layer: lRegion, dash: 2)
        }

        // Objects, far to near.
        let order = ScenePrimitives.objects(model, state).sorted { proj.depth($0.pose.translation) > proj.depth($1.pose.translation) }
        var objectCenters: [(Int, SIMD2<Double>, Double)] = []
        for solid in order {
            let i = solid.index
            let o = solid.object
            let pose = solid.pose
            let st = Style(fg: solid.color)
            let hull: [SIMD2<Double>]
            switch o.shape {
            case .sphere(let r):
                guard let c = proj.project(pose.translation) else { continue }
                let pr = proj.pixels(r, at: pose.translation)
                hull = Canvas.circlePoints(c.x, c.y, Swift.max(pr, 0.6), count: 16)
            default:
                hull = convexHull(pts(objectOutline(o.shape, pose)))
            }
            guard !hull.isEmpty else { continue }
            canvas.polygon(hull, st, layer: lObject)
            var c = SIMD2<Double>(0, 0)
            for p in hull { c += p }
            c /= Double(hull.count)
            canvas.set(Int(c.x.rounded(.down)), Int(c.y.rounded(.down)), st, layer: lObject)   // never vanish
            let halfWidth = (hull.map(\.x).max() ?? c.x) - c.x
            objectCenters.append((i, c, halfWidth))
            if o.shape.isContainer, o.shape.halfFootprint.x > 0 {
                // The rim of a bowl or basket, a shade apart so a container reads as one.
                let rim = convexHull(pts(rimOutline(o.shape, pose)))
                if rim.count > 2 { canvas.outline(rim, Style(fg: o.color == "black" ? .gray : Color.named(o.color), .bold), layer: lObject) }
            }
        }

        // Reference path, realised path, ghost, predicted worm.
        if !overlay.reference.isEmpty {
            canvas.polyline(pts(overlay.reference), Style(fg: .yellow, .dim), layer: lPath, dash: 1)
        }
        for path in overlay.realised { canvas.polyline(pts(path), Style(fg: .magenta), layer: lPath) }
        for path in overlay.ghost { canvas.polyline(pts(path), Style(fg: .ghost, .dim), layer: lPath, dash: 2) }
        for path in overlay.predicted { drawWorm(pts(path), &canvas) }

        // The robot.
        drawRobot(model, state, proj, &canvas)

        // Marks and goals on top.
        for m in overlay.marks {
            guard let p = proj.project(m.position) else { continue }
            canvas.glyph(atPixel: p.x, p.y, m.closes ? 0x25CF : 0x25CB, Style(fg: m.closes ? .red : .green, .bold), layer: lMark)
        }
        for g in overlay.goals {
            guard let p = proj.project(g.position) else { continue }
            let r = Swift.max(proj.pixels(g.radius, at: g.position), 3)
            let st = Style(fg: g.reached ? .green : .yellow, .bold)
            canvas.circle(p.x, p.y, radius: r, st, layer: lPath, dash: 2)
            if style.labels { _ = placeLabel(g.label, near: SIMD2(p.x, p.y), halfWidth: r, &canvas, st, layer: lMark, above: true) }
        }

        // Object names where they fit.
        if style.labels {
            for (i, c, hw) in objectCenters.sorted(by: { $0.0 < $1.0 }) {
                let o = model.objects[i]
                let st = Style(fg: Color.named(o.color) == .darkGray ? .gray : Color.named(o.color), .dim)
                _ = placeLabel(o.name, near: c, halfWidth: hw, &canvas, st)
            }
        }
    }

    // MARK: pieces

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
                case .cylinder(let f, let r, let length):
                    if let s = proj.segment(f * Vec3(0, 0, -length / 2), f * Vec3(0, 0, length / 2)) {
                        canvas.line(s.0.x, s.0.y, s.1.x, s.1.y, body, layer: lRobot)
                        _ = r
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
            if let c = proj.project(tool.translation) { canvas.set(Int(c.x.rounded(.down)), Int(c.y.rounded(.down)), st, layer: lGripper) }
        }
    }

    static func drawMap(_ map: NavigationMap, _ proj: Projector, _ canvas: inout Canvas, labels: Bool) {
        let boxes = ScenePrimitives.mapBlocks(map).map { ($0.bounds, $0.color, $0.isWall) }
        let letterColor = ScenePrimitives.landmarkColors(map)
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
        if labels {
            for m in map.landmarks where !m.cells.isEmpty {
                guard let p = proj.project(m.center + Vec3(0, 0, m.passable ? 0 : 0.4)) else { continue }
                _ = placeLabel(m.name, near: SIMD2(p.x, p.y), halfWidth: 0, &canvas, Style(fg: letterColor[m.letter] ?? .gray), layer: lWall + 1, centered: true)
            }
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

    /// Points on an object's surface whose convex hull is its silhouette.
    static func objectOutline(_ shape: ObjectShape, _ pose: Pose) -> [Vec3] {
        switch shape {
        case .box(let s), .basket(let s):
            return Bounds3(min: -s / 2, max: s / 2).corners.map { pose * $0 }
        case .cylinder(let r, let h), .bowl(let r, let h), .plate(let r, let h):
            var out: [Vec3] = []
            for k in 0..<16 {
                let t = Double(k) / 16 * 2 * .pi
                out.append(pose * Vec3(r * cos(t), r * sin(t), -h / 2))
                out.append(pose * Vec3(r * cos(t), r * sin(t), h / 2))
            }
            return out
        case .sphere(let r):
            return Bounds3(min: Vec3(-r, -r, -r), max: Vec3(r, r, r)).corners.map { pose * $0 }
        }
    }

    static func rimOutline(_ shape: ObjectShape, _ pose: Pose) -> [Vec3] {
        switch shape {
        case .basket(let s):
            return [Vec3(-s.x / 2, -s.y / 2, s.z / 2), Vec3(s.x / 2, -s.y / 2, s.z / 2), Vec3(s.x / 2, s.y / 2, s.z / 2), Vec3(-s.x / 2, s.y / 2, s.z / 2)].map { pose * $0 }
        case .bowl(let r, let h):
            return (0..<16).map { k in
                let t = Double(k) / 16 * 2 * .pi
                return pose * Vec3(r * cos(t), r * sin(t), h / 2)
            }
        default: return []
        }
    }

    /// Writes a label beside a thing (right, left, below, above) where the cells are free.
    @discardableResult
    static func placeLabel(_ text: String, near c: SIMD2<Double>, halfWidth: Double, _ canvas: inout Canvas, _ st: Style,
                           layer: UInt8 = lLabel, above: Bool = false, centered: Bool = false) -> Bool {
        guard c.x.isFinite, c.y.isFinite else { return false }
        let n = text.unicodeScalars.count
        let col = Int((c.x / 2).rounded(.down)), row = Int((c.y / 4).rounded(.down))
        let hw = Int((halfWidth / 2).rounded(.up))
        var candidates: [(Int, Int)] = []
        if centered { candidates.append((col - n / 2, row)) }
        if above { candidates.append((col - n / 2, row - Swift.max(1, Int((halfWidth / 4).rounded(.up))) - 1)) }
        candidates += [(col + hw + 1, row), (col - hw - 1 - n, row), (col - n / 2, row + 1 + Int((halfWidth / 4).rounded(.up))),
                       (col - n / 2, row - 1 - Int((halfWidth / 4).rounded(.up)))]
        for (x, y) in candidates where canvas.label(column: x, row: y, text, st, layer: layer) { return true }
        return false
    }
}

/// Convex hull (Andrew's monotone chain), counter-clockwise.
public func convexHull(_ points: [SIMD2<Double>]) -> [SIMD2<Double>] {
    let p = points.filter { $0.x.isFinite && $0.y.isFinite }.sorted { $0.x < $1.x || ($0.x == $1.x && $0.y < $1.y) }
    guard p.count > 2 else { return p }
    func cross(_ o: SIMD2<Double>, _ a: SIMD2<Double>, _ b: SIMD2<Double>) -> Double { (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x) }
    var lower: [SIMD2<Double>] = [], upper: [SIMD2<Double>] = []
    for q in p {
        while lower.count >= 2 && cross(lower[lower.count - 2], lower[lower.count - 1], q) <= 0 { lower.removeLast() }
        lower.append(q)
    }
    for q in p.reversed() {
        while upper.count >= 2 && cross(upper[upper.count - 2], upper[upper.count - 1], q) <= 0 { upper.removeLast() }
        upper.append(q)
    }
    return Array(lower.dropLast() + upper.dropLast())
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
