#if canImport(Glibc)
import Glibc   // cos, sin
#elseif canImport(Darwin)
import Darwin
#endif
import Spatial
import World

/// Silhouettes and labels: the 2D shapes the renderer builds from 3D solids.
extension SceneRenderer {
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
        let col = clampedInt(c.x / 2, .down), row = clampedInt(c.y / 4, .down)
        let hw = clampedInt(halfWidth / 2, .up)
        var candidates: [(Int, Int)] = []
        if centered { candidates.append((col - n / 2, row)) }
        if above { candidates.append((col - n / 2, row - Swift.max(1, clampedInt(halfWidth / 4, .up)) - 1)) }
        candidates += [(col + hw + 1, row), (col - hw - 1 - n, row), (col - n / 2, row + 1 + clampedInt(halfWidth / 4, .up)),
                       (col - n / 2, row - 1 - clampedInt(halfWidth / 4, .up))]
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
