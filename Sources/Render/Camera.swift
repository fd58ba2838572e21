import Spatial

/// Which way the scene is looked at.
public enum ViewKind: String, Sendable, CaseIterable, Equatable {
    /// Orthographic from above (the XY plane).
    case top
    /// Orthographic from the side (the XZ plane).
    case side
    /// Perspective, with an orbit camera.
    case perspective = "3d"

    public var title: String {
        switch self {
        case .top: return "top (XY)"
        case .side: return "side (XZ)"
        case .perspective: return "3D"
        }
    }
}

/// The user's camera: a view kind and how it is turned, zoomed and panned. A plain
/// value; `Projector` turns it into pixel coordinates for a canvas.
public struct Camera: Sendable, Equatable {
    public var view: ViewKind
    /// Top view: rotation of the plan (radians; -π/2 puts +x up the screen).
    /// Side view: the direction looked from. 3D: the orbit angle about z.
    public var azimuth: Double
    /// 3D only: the angle above the horizon (radians).
    public var elevation: Double
    /// 1 fits the scene; 2 shows half as much, twice as large.
    public var zoom: Double
    /// Pan, in fractions of the view's width and height (screen right and up).
    public var pan: SIMD2<Double>

    public init(view: ViewKind, azimuth: Double, elevation: Double = 0.6, zoom: Double = 1, pan: SIMD2<Double> = .zero) {
        self.view = view; self.azimuth = azimuth; self.elevation = elevation; self.zoom = zoom; self.pan = pan
    }

    /// A good first look for a scene: tabletop scenes with the robot's forward (+x)
    /// up the screen and its left (+y) to the left; floor plans as drawn (x right, y up).
    public static func defaultFor(_ view: ViewKind, tabletop: Bool) -> Camera {
        switch view {
        case .top: return Camera(view: .top, azimuth: tabletop ? -.pi / 2 : 0)
        case .side: return Camera(view: .side, azimuth: 0)
        case .perspective: return Camera(view: .perspective, azimuth: tabletop ? -2.5 : -2.0, elevation: tabletop ? 0.55 : 0.8)
        }
    }

    public mutating func orbit(dAzimuth: Double, dElevation: Double) {
        azimuth = wrapAngle(azimuth + dAzimuth)
        elevation = min(max(elevation + dElevation, -0.2), 1.55)
    }

    public mutating func zoom(by factor: Double) { zoom = min(max(zoom * factor, 0.2), 12) }
}

/// An axis-aligned box in the world.
public struct Bounds3: Sendable, Equatable {
    public var min: Vec3
    public var max: Vec3

    public init(min: Vec3, max: Vec3) { self.min = min; self.max = max }
    public static let empty = Bounds3(min: Vec3(repeating: .infinity), max: Vec3(repeating: -.infinity))

    public var isEmpty: Bool { min.x > max.x }
    public var center: Vec3 { (min + max) / 2 }
    public var size: Vec3 { max - min }

    public mutating func add(_ p: Vec3) {
        guard p.isFinite else { return }
        min = simd_min(min, p); max = simd_max(max, p)
    }

    public mutating func add(_ p: Vec3, radius r: Double) { add(p - Vec3(r, r, r)); add(p + Vec3(r, r, r)) }

    public var corners: [Vec3] {
        [Vec3(min.x, min.y, min.z), Vec3(max.x, min.y, min.z), Vec3(min.x, max.y, min.z), Vec3(max.x, max.y, min.z),
         Vec3(min.x, min.y, max.z), Vec3(max.x, min.y, max.z), Vec3(min.x, max.y, max.z), Vec3(max.x, max.y, max.z)]
    }
}

@inline(__always) func simd_min(_ a: Vec3, _ b: Vec3) -> Vec3 { Vec3(Swift.min(a.x, b.x), Swift.min(a.y, b.y), Swift.min(a.z, b.z)) }
@inline(__always) func simd_max(_ a: Vec3, _ b: Vec3) -> Vec3 { Vec3(Swift.max(a.x, b.x), Swift.max(a.y, b.y), Swift.max(a.z, b.z)) }

/// A camera made concrete for a canvas: projects world points to pixel coordinates.
/// Orthographic views fit `bounds` to the canvas (braille pixels are near square);
/// the perspective view orbits the bounds' centre.
public struct Projector: Sendable {
    public let camera: Camera
    public let width: Double
    public let height: Double
    /// Screen basis in the world (orthographic) or camera frame (perspective).
    let right: Vec3, up: Vec3, forward: Vec3
    let eye: Vec3
    let center: Vec3
    /// Pixels per metre (orthographic) or focal length in pixels (perspective).
    public let scale: Double
    /// Perspective: shift that centres the fitted scene on the canvas (pixels).
    let offset: SIMD2<Double>
    /// Perspective: the shared pinhole projection (the RGB cameras use the same one).
    let pinhole: PinholeView?
    static let near = PinholeView.near

    public init(camera: Camera, bounds: Bounds3, pixelWidth: Int, pixelHeight: Int) {
        self.camera = camera
        width = Double(max(1, pixelWidth)); height = Double(max(1, pixelHeight))
        let b = bounds.isEmpty ? Bounds3(min: Vec3(-1, -1, 0), max: Vec3(1, 1, 1)) : bounds
        let a = camera.azimuth
        switch camera.view {
        case .top:
            right = Vec3(cos(a), sin(a), 0); up = Vec3(-sin(a), cos(a), 0); forward = Vec3(0, 0, -1)
        case .side:
            right = Vec3(cos(a), sin(a), 0); up = Vec3(0, 0, 1); forward = Vec3(-sin(a), cos(a), 0)
        case .perspective:
            let e = camera.elevation
            let toEye = Vec3(cos(e) * cos(a), cos(e) * sin(a), sin(e))
            let f = -toEye
            let basis = PinholeView.basis(forward: f)
            right = basis.right; up = basis.up; forward = f
        }
        if camera.view == .perspective {
            let radius = Swift.max(0.3, length(b.size) / 2)
            let distance = radius * 2.4
            // Pan moves the target in the view plane, by fractions of the visible span.
            let span = 2 * radius
            let target = b.center + right * (camera.pan.x * span) + up * (camera.pan.y * span)
            let eye = target - forward * distance
            self.eye = eye
            // Fit the projected corners of the bounds to the canvas (with a margin),
            // centred: a unit focal length first, then the scale that fills the view.
            var minX = Double.infinity, maxX = -Double.infinity, minY = Double.infinity, maxY = -Double.infinity
            for c in b.corners {
                let d = c - eye
                let z = Swift.max(dot(d, forward), Projector.near)
                minX = Swift.min(minX, dot(d, right) / z); maxX = Swift.max(maxX, dot(d, right) / z)
                minY = Swift.min(minY, dot(d, up) / z); maxY = Swift.max(maxY, dot(d, up) / z)
            }
            let fit = Swift.min((width - 2) / Swift.max(maxX - minX, 1e-6), (height - 2) / Swift.max(maxY - minY, 1e-6)) * 0.92
            scale = fit * camera.zoom
            // Where the fitted box's centre lands, so it can be moved to the canvas centre.
            offset = SIMD2(-(minX + maxX) / 2 * scale, (minY + maxY) / 2 * scale)
            center = target
            pinhole = PinholeView(eye: eye, right: right, up: up, forward: forward, focal: scale,
                                  cx: width / 2 + offset.x, cy: height / 2 + offset.y)
        } else {
            var minR = Double.infinity, maxR = -Double.infinity, minU = Double.infinity, maxU = -Double.infinity
            for c in b.corners {
                minR = Swift.min(minR, dot(c, right)); maxR = Swift.max(maxR, dot(c, right))
                minU = Swift.min(minU, dot(c, up)); maxU = Swift.max(maxU, dot(c, up))
            }
            let spanR = Swift.max(maxR - minR, 0.2), spanU = Swift.max(maxU - minU, 0.2)
            let s = Swift.min((width - 2) / spanR, (height - 2) / spanU) * 0.96 * camera.zoom
            scale = s
            let visibleR = width / s, visibleU = height / s
            center = right * ((minR + maxR) / 2 + camera.pan.x * visibleR) + up * ((minU + maxU) / 2 + camera.pan.y * visibleU)
            eye = center
            offset = .zero
            pinhole = nil
        }
    }

    /// Pixel position (x right, y down) and depth (larger is farther); nil behind the
    /// perspective camera.
    @inline(__always) public func project(_ p: Vec3) -> SIMD3<Double>? {
        if let pinhole { return pinhole.project(p) }
        let d = p - center
        return SIMD3(width / 2 + scale * dot(d, right), height / 2 - scale * dot(d, up), dot(d, forward))
    }

    /// A segment's end points on screen, clipped against the perspective camera's near plane.
    public func segment(_ a: Vec3, _ b: Vec3) -> (SIMD2<Double>, SIMD2<Double>)? {
        var a = a, b = b
        if let pinhole {
            guard let (ca, cb) = pinhole.clipped(a, b) else { return nil }
            a = ca; b = cb
        }
        guard let pa = project(a), let pb = project(b) else { return nil }
        return (SIMD2(pa.x, pa.y), SIMD2(pb.x, pb.y))
    }

    /// Pixels that a length of `metres` at world point `p` spans on screen.
    public func pixels(_ metres: Double, at p: Vec3) -> Double {
        if camera.view == .perspective {
            let z = Swift.max(dot(p - eye, forward), Projector.near)
            return metres * scale / z
        }
        return metres * scale
    }

    /// Depth of a world point along the view (larger is farther).
    public func depth(_ p: Vec3) -> Double { dot(p - eye, forward) }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
