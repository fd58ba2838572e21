import Kinematics
import Spatial
import World

/// Turns (model, state, camera, overlay) into braille primitives on a canvas.
/// This file holds the order of drawing and the fixed parts of the scene; the floor and
/// map (SceneFloorDrawing), drawers, doors, knobs and buttons (ScenePartDrawing), the
/// robot and worm (SceneRobotDrawing) and silhouettes and labels (SceneShapes) are beside it.
public enum SceneRenderer {
    // Layers, bottom to top. The predicted worm lies over the robot's body (it starts
    // at the gripper) and under the gripper and the marks.
    static let lFloor: UInt8 = 1, lTable: UInt8 = 2, lFixture: UInt8 = 3, lRegion: UInt8 = 4, lWall: UInt8 = 5
    static let lObject: UInt8 = 6, lLabel: UInt8 = 7, lPath: UInt8 = 8, lRobot: UInt8 = 9, lWorm: UInt8 = 11
    static let lGripper: UInt8 = 12, lMark: UInt8 = 13

    /// The part of the world worth showing: fixtures and their parts, objects, the robot's reach, the
    /// map. It depends on the model only, so the view holds still during an episode.
    public static func bounds(_ model: WorldModel) -> Bounds3 {
        var b = Bounds3.empty
        if let map = model.scene.map {
            b.add(Vec3(0, 0, 0)); b.add(Vec3(Double(map.width) * map.cell, Double(map.height) * map.cell, 0.6))
        }
        for f in model.scene.fixtures { b.add(f.center - f.size / 2); b.add(f.center + f.size / 2) }
        // Parts wherever their travel takes them (an open drawer sticks out of its cabinet).
        for p in model.scene.parts { for q in ScenePrimitives.partReach(p) { b.add(q) } }
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

    /// Draws the scene and the overlay on `canvas`, bottom layer first (later
    /// primitives on the same layer win the cell, so the order below matters).
    public static func draw(_ model: WorldModel, _ state: WorldState, camera: Camera, overlay: SceneOverlay,
                            style: SceneStyle = SceneStyle(), bounds: Bounds3? = nil, on canvas: inout Canvas) {
        let proj = Projector(camera: camera, bounds: bounds ?? SceneRenderer.bounds(model),
                             pixelWidth: canvas.pixelWidth, pixelHeight: canvas.pixelHeight)
        // Floor plan, or a floor grid when there is nothing else to stand on.
        if let map = model.scene.map { drawMap(map, opened: state.openDoors, proj, &canvas) }
        else if model.scene.fixtures.isEmpty { drawGrid(bounds ?? SceneRenderer.bounds(model), proj, &canvas) }
        drawFixtures(model, proj, &canvas)
        drawParts(model, state, proj, &canvas)
        drawRegions(model, proj, &canvas)
        let objectCenters = drawObjects(model, state, proj, &canvas)
        drawPaths(overlay, proj, &canvas)
        drawRobot(model, state, proj, &canvas)
        drawMarksAndGoals(overlay, proj, labels: style.labels, &canvas)
        // Names last, by priority (goals above, then objects, fixtures, landmarks): each
        // takes free cells only, so none runs into the drawing or another name.
        if style.labels {
            drawObjectNames(model, objectCenters, &canvas)
            drawFixtureLabels(model, proj, &canvas)
            drawPartLabels(model, state, proj, &canvas)
            if let map = model.scene.map { drawMapLabels(map, proj, &canvas) }
        }
    }

    /// Points that project, as canvas pixels (points behind the camera are dropped).
    static func projected(_ ps: [Vec3], _ proj: Projector) -> [SIMD2<Double>] {
        ps.compactMap { proj.project($0).map { SIMD2($0.x, $0.y) } }
    }

    /// Table and fixtures, far to near: surfaces as background, outlines in their colour.
    static func drawFixtures(_ model: WorldModel, _ proj: Projector, _ canvas: inout Canvas) {
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
            if proj.camera.view == .top {
                canvas.background(projected(topFace, proj), isTable ? .surface : .fixture, layer: isTable ? lTable : lFixture)
                canvas.outline(projected(topFace, proj), outlineStyle, layer: isTable ? lTable : lFixture)
            } else {
                let hull = convexHull(projected(box.corners, proj))
                canvas.background(hull, isTable ? .surface : .fixture, layer: isTable ? lTable : lFixture)
                if proj.camera.view == .perspective { drawBoxEdges(box, proj, outlineStyle, isTable ? lTable : lFixture, &canvas) }
                else { canvas.outline(hull, outlineStyle, layer: isTable ? lTable : lFixture) }
            }
        }
    }

    /// Fixture names, placed late like every label (see drawMapLabels).
    static func drawFixtureLabels(_ model: WorldModel, _ proj: Projector, _ canvas: inout Canvas) {
        for f in model.scene.fixtures where f.name != "table" {
            let h = f.size / 2
            guard let c = proj.project(Vec3(f.center.x, f.center.y, f.center.z + h.z)) else { continue }
            _ = placeLabel(f.name, near: SIMD2(c.x, c.y), halfWidth: proj.pixels(h.x, at: f.center), &canvas, Style(fg: .gray, .dim))
        }
    }

    /// Regions: dashed outlines on the surface below them.
    static func drawRegions(_ model: WorldModel, _ proj: Projector, _ canvas: inout Canvas) {
        for r in model.scene.regions {
            let z = surfaceHeight(model, x: r.center.x, y: r.center.y)
            let corners = [Vec3(r.center.x - r.size.x / 2, r.center.y - r.size.y / 2, z), Vec3(r.center.x + r.size.x / 2, r.center.y - r.size.y / 2, z),
                           Vec3(r.center.x + r.size.x / 2, r.center.y + r.size.y / 2, z), Vec3(r.center.x - r.size.x / 2, r.center.y + r.size.y / 2, z)]
            canvas.outline(projected(corners, proj), Style(fg: .yellow, .dim), layer: lRegion, dash: 2)
        }
    }

    /// Objects, far to near. Returns where each drawn object landed (index, centre,
    /// half width in pixels) so its name can be placed last, over everything else.
    static func drawObjects(_ model: WorldModel, _ state: WorldState, _ proj: Projector,
                            _ canvas: inout Canvas) -> [(index: Int, center: SIMD2<Double>, halfWidth: Double)] {
        let order = ScenePrimitives.objects(model, state).sorted { proj.depth($0.pose.translation) > proj.depth($1.pose.translation) }
        var objectCenters: [(index: Int, center: SIMD2<Double>, halfWidth: Double)] = []
        for solid in order {
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
                hull = convexHull(projected(objectOutline(o.shape, pose), proj))
            }
            guard !hull.isEmpty else { continue }
            canvas.polygon(hull, st, layer: lObject)
            var c = SIMD2<Double>(0, 0)
            for p in hull { c += p }
            c /= Double(hull.count)
            canvas.set(clampedInt(c.x, .down), clampedInt(c.y, .down), st, layer: lObject)   // never vanish
            let halfWidth = (hull.map(\.x).max() ?? c.x) - c.x
            objectCenters.append((solid.index, c, halfWidth))
            if o.shape.isContainer, o.shape.halfFootprint.x > 0 {
                // The rim of a bowl or basket, a shade apart so a container reads as one.
                let rim = convexHull(projected(rimOutline(o.shape, pose), proj))
                if rim.count > 2 { canvas.outline(rim, Style(fg: o.color == "black" ? .gray : Color.named(o.color), .bold), layer: lObject) }
            }
        }
        return objectCenters
    }

    /// Reference path, realised path, ghost, predicted worm.
    static func drawPaths(_ overlay: SceneOverlay, _ proj: Projector, _ canvas: inout Canvas) {
        if !overlay.reference.isEmpty {
            canvas.polyline(projected(overlay.reference, proj), Style(fg: .yellow, .dim), layer: lPath, dash: 1)
        }
        for path in overlay.realised { canvas.polyline(projected(path, proj), Style(fg: .magenta), layer: lPath) }
        for path in overlay.ghost { canvas.polyline(projected(path, proj), Style(fg: .ghost, .dim), layer: lPath, dash: 2) }
        for path in overlay.samples { canvas.polyline(projected(path, proj), Style(fg: .trail(4), .dim), layer: lPath, dash: 1) }
        for path in overlay.predicted { drawWorm(projected(path, proj), &canvas) }
    }

    /// Gripper marks and goals, on top of the robot.
    static func drawMarksAndGoals(_ overlay: SceneOverlay, _ proj: Projector, labels: Bool, _ canvas: inout Canvas) {
        for m in overlay.marks {
            guard let p = proj.project(m.position) else { continue }
            canvas.glyph(atPixel: p.x, p.y, m.closes ? 0x25CF : 0x25CB, Style(fg: m.closes ? .red : .green, .bold), layer: lMark)
        }
        for g in overlay.goals {
            guard let p = proj.project(g.position) else { continue }
            let r = Swift.max(proj.pixels(g.radius, at: g.position), 3)
            let st = Style(fg: g.reached ? .green : .yellow, .bold)
            canvas.circle(p.x, p.y, radius: r, st, layer: lPath, dash: 2)
            if labels { _ = placeLabel(g.label, near: SIMD2(p.x, p.y), halfWidth: r, &canvas, st, layer: lMark, above: true) }
        }
    }

    /// Object names where they fit, in scene order (so the first objects get the best places).
    static func drawObjectNames(_ model: WorldModel, _ objectCenters: [(index: Int, center: SIMD2<Double>, halfWidth: Double)],
                                _ canvas: inout Canvas) {
        for (i, c, hw) in objectCenters.sorted(by: { $0.index < $1.index }) {
            let o = model.objects[i]
            let st = Style(fg: Color.named(o.color) == .darkGray ? .gray : Color.named(o.color), .dim)
            _ = placeLabel(o.name, near: c, halfWidth: hw, &canvas, st)
        }
    }
}
