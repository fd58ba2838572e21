import Spatial
import World

/// Draws what a camera sees as an RGB image: the scene's primitives (the same list
/// the TUI draws, `ScenePrimitives`) as triangles (`SceneMesh`), projected with the
/// shared `PinholeView`, clipped at the near plane, depth-tested per pixel (a
/// z-buffer of 1/depth) and flat shaded by one directional light.
public enum ImageRenderer {
    /// Where the light comes from (towards the light): above, a little in front and to the side.
    static let light: SIMD3<Float> = {
        let l = SIMD3<Float>(0.35, -0.25, 1)
        return l / (l * l).sum().squareRoot()
    }()
    static let ambient: Float = 0.42

    public static func render(_ model: WorldModel, _ state: WorldState, camera: CameraSpec) -> RGBImage {
        let pose = model.cameraPose(camera, state)
        let view = PinholeView(pose: pose, fovYDegrees: camera.fovYDegrees, width: camera.width, height: camera.height)
        return render(SceneMesh.triangles(model, state), view: view, width: camera.width, height: camera.height)
    }

    /// Rasterises `triangles` seen through `view` onto a `width` × `height` image over the sky.
    public static func render(_ triangles: [MeshTriangle], view: PinholeView, width: Int, height: Int) -> RGBImage {
        var raster = Raster(width: width, height: height, view: view)
        for t in triangles { raster.draw(t) }
        return raster.image()
    }
}

/// One image being drawn: colour and depth buffers.
struct Raster {
    let width: Int, height: Int
    let view: PinholeView
    var color: [UInt8]
    /// 1/depth of the nearest surface so far (0: nothing, the sky).
    var inverseDepth: [Float]

    init(width: Int, height: Int, view: PinholeView) {
        self.width = max(0, width); self.height = max(0, height); self.view = view
        color = [UInt8](repeating: 0, count: self.width * self.height * 3)
        inverseDepth = [Float](repeating: 0, count: self.width * self.height)
        // Sky: a vertical gradient by how far above the horizon each row looks.
        for y in 0..<self.height {
            let dirUp = (view.cy - (Double(y) + 0.5)) / view.focal   // image up, per unit depth
            let world = view.forward + view.up * dirUp
            let elevation = Float(world.z / max(length(world), 1e-9))
            let t = min(max(elevation * 2, 0), 1)
            let c = ImagePalette.skyHorizon * (1 - t) + ImagePalette.skyTop * t
            let rgb = SIMD3<UInt8>(clamping: SIMD3<Int32>(c.rounded(.toNearestOrEven)))
            for x in 0..<self.width {
                let i = (y * self.width + x) * 3
                color[i] = rgb.x; color[i + 1] = rgb.y; color[i + 2] = rgb.z
            }
        }
    }

    func image() -> RGBImage { RGBImage(width: width, height: height, pixels: color) }

    /// Shades the triangle by its normal (turned towards the camera: both sides are
    /// lit), clips it to the near plane and fills it.
    mutating func draw(_ t: MeshTriangle) {
        let ca = view.cameraPoint(t.a), cb = view.cameraPoint(t.b), cc = view.cameraPoint(t.c)
        let near = PinholeView.near
        if ca.z <= near && cb.z <= near && cc.z <= near { return }
        var n = cross(t.b - t.a, t.c - t.a)
        let nl = length(n)
        guard nl > 1e-15 else { return }
        n /= nl
        if dot(n, view.eye - t.a) < 0 { n = -n }
        let diffuse = max(0, Float(n.x) * ImageRenderer.light.x + Float(n.y) * ImageRenderer.light.y + Float(n.z) * ImageRenderer.light.z)
        let shaded = t.color * (ImageRenderer.ambient + (1 - ImageRenderer.ambient) * diffuse)
        let rgb = SIMD3<UInt8>(clamping: SIMD3<Int32>(shaded.rounded(.toNearestOrEven)))

        if ca.z > near && cb.z > near && cc.z > near {
            fill(view.screen(ca), view.screen(cb), view.screen(cc), rgb)
            return
        }
        // Sutherland–Hodgman against z = near: a triangle becomes 0, 1 or 2 triangles.
        let poly = [ca, cb, cc]
        var out: [Vec3] = []
        out.reserveCapacity(4)
        for i in 0..<3 {
            let p = poly[i], q = poly[(i + 1) % 3]
            let pIn = p.z > near, qIn = q.z > near
            if pIn { out.append(p) }
            if pIn != qIn {
                let s = (near * 1.0001 - p.z) / (q.z - p.z)
                out.append(p + (q - p) * s)
            }
        }
        guard out.count >= 3 else { return }
        let s = out.map { view.screen($0) }
        for i in 1..<(s.count - 1) { fill(s[0], s[i], s[i + 1], rgb) }
    }

    /// Fills the pixels whose centres lie inside the screen triangle, nearer than
    /// what is there (1/depth is linear in screen space, so it is interpolated).
    mutating func fill(_ p0: SIMD3<Double>, _ p1: SIMD3<Double>, _ p2: SIMD3<Double>, _ rgb: SIMD3<UInt8>) {
        let x0 = Float(p0.x), y0 = Float(p0.y), x1 = Float(p1.x), y1 = Float(p1.y), x2 = Float(p2.x), y2 = Float(p2.y)
        guard x0.isFinite, y0.isFinite, x1.isFinite, y1.isFinite, x2.isFinite, y2.isFinite else { return }
        let area = (x1 - x0) * (y2 - y0) - (y1 - y0) * (x2 - x0)
        guard abs(area) > 1e-9 else { return }
        let minX = max(0, clampedInt(Double(min(x0, x1, x2)) - 0.5, .up))
        let maxX = min(width - 1, clampedInt(Double(max(x0, x1, x2)) - 0.5, .down))
        let minY = max(0, clampedInt(Double(min(y0, y1, y2)) - 0.5, .up))
        let maxY = min(height - 1, clampedInt(Double(max(y0, y1, y2)) - 0.5, .down))
        guard minX <= maxX, minY <= maxY else { return }
        let inv = 1 / area
        let iz0 = Float(1 / p0.z), iz1 = Float(1 / p1.z), iz2 = Float(1 / p2.z)
        // Edge functions e_i(x, y) = A_i x + B_i y + C_i, scaled by 1/area so they
        // are the barycentric weights, positive inside whatever the winding.
        let a0 = (y1 - y2) * inv, b0 = (x2 - x1) * inv, c0 = (x1 * y2 - x2 * y1) * inv
        let a1 = (y2 - y0) * inv, b1 = (x0 - x2) * inv, c1 = (x2 * y0 - x0 * y2) * inv
        let a2 = (y0 - y1) * inv, b2 = (x1 - x0) * inv, c2 = (x0 * y1 - x1 * y0) * inv
        let w = width
        let eps: Float = -1e-6
        color.withUnsafeMutableBufferPointer { col in
            inverseDepth.withUnsafeMutableBufferPointer { depth in
                for y in minY...maxY {
                    let py = Float(y) + 0.5
                    let px0 = Float(minX) + 0.5
                    var e0 = a0 * px0 + b0 * py + c0
                    var e1 = a1 * px0 + b1 * py + c1
                    var e2 = a2 * px0 + b2 * py + c2
                    var idx = y * w + minX
                    for _ in minX...maxX {
                        if e0 >= eps && e1 >= eps && e2 >= eps {
                            let iz = e0 * iz0 + e1 * iz1 + e2 * iz2
                            if iz > depth[idx] {
                                depth[idx] = iz
                                col[idx * 3] = rgb.x; col[idx * 3 + 1] = rgb.y; col[idx * 3 + 2] = rgb.z
                            }
                        }
                        e0 += a0; e1 += a1; e2 += a2
                        idx += 1
                    }
                }
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
