import Spatial
import World

/// The one perspective projection of the project: the TUI's 3D view (`Projector`)
/// and the RGB cameras (`ImageRenderer`) both map world points to pixels with this.
/// Screen axes: x right, y down; depth is the distance along `forward`.
public struct PinholeView: Sendable, Equatable {
    public var eye: Vec3
    public var right: Vec3
    /// Screen up (the image's -y).
    public var up: Vec3
    public var forward: Vec3
    /// Focal length in pixels.
    public var focal: Double
    /// Where the optical axis meets the screen (pixels).
    public var cx: Double
    public var cy: Double

    /// Points nearer than this (m) are behind the camera for drawing purposes.
    public static let near = 0.05

    public init(eye: Vec3, right: Vec3, up: Vec3, forward: Vec3, focal: Double, cx: Double, cy: Double) {
        self.eye = eye; self.right = right; self.up = up; self.forward = forward; self.focal = focal; self.cx = cx; self.cy = cy
    }

    /// A camera frame in the optical convention (+z forward, +y image down) with a
    /// vertical field of view, on a `width` × `height` image: pixel (x, y) covers
    /// [x, x+1) × [y, y+1), so the axis meets the image at its centre.
    public init(pose: Pose, fovYDegrees: Double, width: Int, height: Int) {
        let fov = min(max(fovYDegrees, 1), 179) * .pi / 180
        self.init(eye: pose.translation, right: pose.rotation.c0, up: -pose.rotation.c1, forward: pose.rotation.c2,
                  focal: Double(height) / 2 / tan(fov / 2), cx: Double(width) / 2, cy: Double(height) / 2)
    }

    /// Right and up for a camera looking along `forward` with the world's z up
    /// (straight down or up: x is right).
    public static func basis(forward f: Vec3) -> (right: Vec3, up: Vec3) {
        let r0 = cross(f, Vec3(0, 0, 1))
        let r = length(r0) < 1e-9 ? Vec3(1, 0, 0) : normalize(r0)
        return (r, cross(r, f))
    }

    /// A world point in camera coordinates: (right, up, depth).
    @inline(__always) public func cameraPoint(_ p: Vec3) -> Vec3 {
        let d = p - eye
        return Vec3(dot(d, right), dot(d, up), dot(d, forward))
    }

    /// A camera-coordinate point (depth > 0) on screen: (x, y, depth).
    @inline(__always) public func screen(_ c: Vec3) -> SIMD3<Double> {
        SIMD3(cx + focal * c.x / c.z, cy - focal * c.y / c.z, c.z)
    }

    /// Pixel position and depth; nil nearer than the near plane.
    @inline(__always) public func project(_ p: Vec3) -> SIMD3<Double>? {
        let c = cameraPoint(p)
        guard c.z > PinholeView.near else { return nil }
        return screen(c)
    }

    /// Depth of a world point along the view.
    @inline(__always) public func depth(_ p: Vec3) -> Double { dot(p - eye, forward) }

    /// A segment clipped to the near plane (a little beyond it, so both ends project).
    public func clipped(_ a: Vec3, _ b: Vec3) -> (Vec3, Vec3)? {
        var a = a, b = b
        let za = depth(a), zb = depth(b)
        let n = PinholeView.near * 1.01
        if za < n && zb < n { return nil }
        if za < n { a = a + (b - a) * ((n - za) / (zb - za)) }
        if zb < n { b = b + (a - b) * ((n - zb) / (za - zb)) }
        return (a, b)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
