import Spatial
import World

/// A flat-coloured triangle in world coordinates.
public struct MeshTriangle: Sendable {
    public var a: Vec3, b: Vec3, c: Vec3
    /// Linear 0…255 RGB before shading.
    public var color: SIMD3<Float>
}

/// Triangles of simple solids. Winding is not relied on: the rasteriser lights
/// both sides, so open shapes (bowls, baskets) need no inside faces of their own.
public struct MeshBuilder: Sendable {
    public var triangles: [MeshTriangle] = []
    /// Segments around round shapes.
    public var segments = 16

    public init() {}

    public mutating func triangle(_ a: Vec3, _ b: Vec3, _ c: Vec3, _ color: SIMD3<Float>) {
        triangles.append(MeshTriangle(a: a, b: b, c: c, color: color))
    }

    public mutating func quad(_ a: Vec3, _ b: Vec3, _ c: Vec3, _ d: Vec3, _ color: SIMD3<Float>) {
        triangle(a, b, c, color); triangle(a, c, d, color)
    }

    /// A polygon (convex, in order) as a fan.
    public mutating func fan(_ p: [Vec3], _ color: SIMD3<Float>) {
        guard p.count >= 3 else { return }
        for i in 1..<(p.count - 1) { triangle(p[0], p[i], p[i + 1], color) }
    }

    /// A box of `size` centred on `pose`; `top: false` leaves it open (a basket).
    public mutating func box(_ pose: Pose, _ size: Vec3, _ color: SIMD3<Float>, top: Bool = true, bottom: Bool = true) {
        let h = size / 2
        func p(_ x: Double, _ y: Double, _ z: Double) -> Vec3 { pose * Vec3(x * h.x, y * h.y, z * h.z) }
        if bottom { quad(p(-1, -1, -1), p(1, -1, -1), p(1, 1, -1), p(-1, 1, -1), color) }
        if top { quad(p(-1, -1, 1), p(1, -1, 1), p(1, 1, 1), p(-1, 1, 1), color) }
        quad(p(-1, -1, -1), p(1, -1, -1), p(1, -1, 1), p(-1, -1, 1), color)
        quad(p(-1, 1, -1), p(1, 1, -1), p(1, 1, 1), p(-1, 1, 1), color)
        quad(p(-1, -1, -1), p(-1, 1, -1), p(-1, 1, 1), p(-1, -1, 1), color)
        quad(p(1, -1, -1), p(1, 1, -1), p(1, 1, 1), p(1, -1, 1), color)
    }

    public mutating func box(_ b: Bounds3, _ color: SIMD3<Float>) {
        box(Pose(translation: b.center), b.size, color)
    }

    /// A (possibly tapered) cylinder along the pose's z, centred: radius `r0` at the
    /// bottom, `r1` at the top; caps optional (a bowl has no lid).
    public mutating func cylinder(_ pose: Pose, r0: Double, r1: Double, height: Double, _ color: SIMD3<Float>,
                                  top: Bool = true, bottom: Bool = true, segments n: Int? = nil) {
        let n = n ?? segments
        let z0 = -height / 2, z1 = height / 2
        var lo: [Vec3] = [], hi: [Vec3] = []
        for k in 0..<n {
            let t = Double(k) / Double(n) * 2 * .pi
            let c = cos(t), s = sin(t)
            lo.append(pose * Vec3(r0 * c, r0 * s, z0)); hi.append(pose * Vec3(r1 * c, r1 * s, z1))
        }
        for k in 0..<n {
            let j = (k + 1) % n
            quad(lo[k], lo[j], hi[j], hi[k], color)
        }
        if bottom { fan(lo, color) }
        if top { fan(hi, color) }
    }

    public mutating func sphere(_ center: Vec3, _ r: Double, _ color: SIMD3<Float>, rings: Int = 6, segments n: Int = 10) {
        var prev: [Vec3] = Array(repeating: center + Vec3(0, 0, -r), count: n)
        for i in 1...rings {
            let phi = -Double.pi / 2 + Double(i) / Double(rings) * .pi
            let ring = (0..<n).map { k -> Vec3 in
                let t = Double(k) / Double(n) * 2 * .pi
                return center + Vec3(r * cos(phi) * cos(t), r * cos(phi) * sin(t), r * sin(phi))
            }
            for k in 0..<n {
                let j = (k + 1) % n
                if i == 1 { triangle(prev[k], ring[j], ring[k], color) }
                else if i == rings { triangle(prev[k], prev[j], ring[k], color) }
                else { quad(prev[k], prev[j], ring[j], ring[k], color) }
            }
            prev = ring
        }
    }

    /// A capsule from `a` to `b`: a cylinder with spheres on its ends.
    public mutating func capsule(_ a: Vec3, _ b: Vec3, _ r: Double, _ color: SIMD3<Float>) {
        let d = b - a
        let len = length(d)
        if len > 1e-6 {
            let z = d / len
            let helper = abs(z.z) < 0.9 ? Vec3(0, 0, 1) : Vec3(1, 0, 0)
            let x = normalize(cross(helper, z)), y = cross(z, x)
            let pose = Pose(rotation: Mat3(columns: x, y, z), translation: (a + b) / 2)
            cylinder(pose, r0: r, r1: r, height: len, color, top: false, bottom: false, segments: 10)
        }
        sphere(a, r, color, rings: 4, segments: 10)
        if len > 1e-6 { sphere(b, r, color, rings: 4, segments: 10) }
    }

    /// A square beam from `a` to `b`, `t` thick (gripper fingers).
    public mutating func beam(_ a: Vec3, _ b: Vec3, thickness t: Double, _ color: SIMD3<Float>) {
        let d = b - a
        let len = length(d)
        guard len > 1e-9 else { return }
        let z = d / len
        let helper = abs(z.z) < 0.9 ? Vec3(0, 0, 1) : Vec3(1, 0, 0)
        let x = normalize(cross(helper, z)), y = cross(z, x)
        box(Pose(rotation: Mat3(columns: x, y, z), translation: (a + b) / 2), Vec3(t, t, len + t), color)
    }
}

/// The world as triangles, from `ScenePrimitives` (the list the TUI draws too).
public enum SceneMesh {
    /// Height of the ground: the floor under a tabletop scene's table (tables are
    /// slabs; a table top at 0 stands on legs 0.75 m long), else z = 0.
    public static func groundHeight(_ model: WorldModel) -> Double {
        guard model.scene.map == nil, let t = model.scene.fixture("table") else { return 0 }
        return min(0, t.top - 0.75)
    }

    public static func triangles(_ model: WorldModel, _ state: WorldState) -> [MeshTriangle] {
        var m = MeshBuilder()
        m.triangles.reserveCapacity(2048)
        let groundZ = groundHeight(model)
        // Ground: a wide square, centred on the scene; a map's building floor over it.
        let bounds = SceneRenderer.bounds(model)
        let c = bounds.center, g = Swift.max(8, length(bounds.size) * 4)
        let gz = groundZ - (model.scene.map == nil ? 0 : 0.002)
        m.quad(Vec3(c.x - g, c.y - g, gz), Vec3(c.x + g, c.y - g, gz), Vec3(c.x + g, c.y + g, gz), Vec3(c.x - g, c.y + g, gz), ImagePalette.ground)
        if let map = model.scene.map {
            m.fan(ScenePrimitives.mapFloor(map), ImagePalette.floor)
            for b in ScenePrimitives.mapBlocks(map, opened: state.openDoors) { m.box(b.bounds, ImagePalette.of(b.color)) }
        }
        for f in ScenePrimitives.fixtures(model) {
            let color = ImagePalette.of(f.color)
            m.box(f.bounds, color)
            // A table's legs, down to the ground.
            let b = f.bounds
            if f.isTable, b.min.z - groundZ > 0.05 {
                let inset = 0.04, t = 0.04
                for (x, y) in [(b.min.x + inset, b.min.y + inset), (b.max.x - inset, b.min.y + inset), (b.min.x + inset, b.max.y - inset), (b.max.x - inset, b.max.y - inset)] {
                    m.box(Bounds3(min: Vec3(x - t / 2, y - t / 2, groundZ), max: Vec3(x + t / 2, y + t / 2, b.min.z)), color * 0.8)
                }
            }
        }
        for p in ScenePrimitives.parts(model, state) { part(p, &m) }
        for o in ScenePrimitives.objects(model, state) { object(o, &m) }
        if let base = ScenePrimitives.base(model, state) {
            let lo = base.footprint.map { base.ground * $0 }, hi = base.footprint.map { base.ground * ($0 + Vec3(0, 0, base.height)) }
            for k in lo.indices {
                let j = (k + 1) % lo.count
                m.quad(lo[k], lo[j], hi[j], hi[k], ImagePalette.base)
            }
            m.fan(hi, ImagePalette.base * 1.15)
        }
        for l in ScenePrimitives.links(model, state) {
            switch l {
            case .capsule(let a, let b, let r): m.capsule(a, b, r, ImagePalette.link)
            case .sphere(let c, let r): m.sphere(c, r, ImagePalette.link)
            case .box(let pose, let size): m.box(pose, size, ImagePalette.link)
            case .cylinder(let pose, let r, let len): m.cylinder(pose, r0: r, r1: r, height: len, ImagePalette.link, segments: 10)
            }
        }
        for g in ScenePrimitives.grippers(model, state) {
            for (a, b) in g.fingers { m.beam(a, b, thickness: 0.012, ImagePalette.gripper) }
        }
        return m.triangles
    }

    /// A part a shade darker than its colour (so a drawer's front reads apart from a
    /// cabinet of the same wood); its handle or pointer in its own colour.
    static func part(_ p: ScenePrimitives.PartSolid, _ m: inout MeshBuilder) {
        let body = ImagePalette.of(p.color) * (p.part.kind == .button ? 1 : 0.85)
        for b in p.body { m.box(b, body) }
        for g in p.grip { m.box(g, ImagePalette.of(p.gripColor)) }
    }

    static func object(_ o: ScenePrimitives.ObjectSolid, _ m: inout MeshBuilder) {
        let color = ImagePalette.of(o.color)
        let pose = o.pose
        switch o.object.shape {
        case .box(let s): m.box(pose, s, color)
        case .basket(let s):
            m.box(pose, s, color, top: false)
        case .cylinder(let r, let h): m.cylinder(pose, r0: r, r1: r, height: h, color)
        case .plate(let r, let h): m.cylinder(pose, r0: r * 0.8, r1: r, height: h, color)
        case .bowl(let r, let h):
            // Tapered wall, no lid; its floor at the support height, a shade darker.
            m.cylinder(pose, r0: r * 0.6, r1: r, height: h, color, top: false, bottom: true)
            m.fan((0..<m.segments).map { k in
                let t = Double(k) / Double(m.segments) * 2 * .pi
                return pose * Vec3(r * 0.62 * cos(t), r * 0.62 * sin(t), -h / 2 + o.object.shape.supportHeight)
            }, color * 0.7)
        case .sphere(let r): m.sphere(pose.translation, r, color, rings: 8, segments: 14)
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
