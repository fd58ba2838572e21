import Kinematics
import Spatial

/// An RGB image, row-major, 3 bytes a pixel (H × W × 3), top row first: what a
/// camera sees, and what a policy gets as `observation/image`.
public struct RGBImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public var pixels: [UInt8]

    /// A `width` × `height` image of one colour.
    public init(width: Int, height: Int, fill: (UInt8, UInt8, UInt8) = (0, 0, 0)) {
        self.width = max(0, width); self.height = max(0, height)
        var p = [UInt8](repeating: 0, count: self.width * self.height * 3)
        if fill != (0, 0, 0) {
            for i in stride(from: 0, to: p.count, by: 3) { p[i] = fill.0; p[i + 1] = fill.1; p[i + 2] = fill.2 }
        }
        pixels = p
    }

    /// Wraps existing bytes; `pixels.count` must be `width * height * 3`.
    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height * 3, "RGBImage: \(pixels.count) bytes for \(width)x\(height)x3")
        self.width = width; self.height = height; self.pixels = pixels
    }

    public subscript(x: Int, y: Int) -> (r: UInt8, g: UInt8, b: UInt8) {
        let i = (y * width + x) * 3
        return (pixels[i], pixels[i + 1], pixels[i + 2])
    }
}

/// Where a camera is fixed. Camera frames follow the optical (OpenCV) convention:
/// +z looks forward, +x is image right, +y is image down.
public enum CameraMount: Sendable, Equatable {
    /// Fixed in the world, looking from `eye` at `target`; `up` says which way is up in the image.
    case world(eye: Vec3, target: Vec3, up: Vec3)
    /// On arm `arm`'s tool frame; `offset` is the camera frame in the tool frame.
    case tool(arm: Int, offset: Pose)
    /// On the robot's base; `offset` is the camera frame in the base frame.
    case base(offset: Pose)

    public var kind: String {
        switch self {
        case .world: return "world"
        case .tool: return "tool"
        case .base: return "base"
        }
    }
}

/// A named pinhole camera: where it is mounted, its vertical field of view and resolution.
public struct CameraSpec: Sendable, Equatable {
    public var name: String
    public var mount: CameraMount
    public var fovYDegrees: Double
    public var width: Int
    public var height: Int

    public static let defaultWidth = 224, defaultHeight = 224

    public init(name: String, mount: CameraMount, fovYDegrees: Double, width: Int = CameraSpec.defaultWidth, height: Int = CameraSpec.defaultHeight) {
        self.name = name; self.mount = mount; self.fovYDegrees = fovYDegrees; self.width = width; self.height = height
    }
}

/// A camera declared in a card or scene file: a full spec, or only the fields it
/// changes on a camera of the same name (`mount == nil`: keep the default's mount).
public struct CameraOverride: Sendable, Equatable {
    public var name: String
    public var mount: CameraMount?
    public var fovYDegrees: Double?
    public var width: Int?
    public var height: Int?

    public init(name: String, mount: CameraMount? = nil, fovYDegrees: Double? = nil, width: Int? = nil, height: Int? = nil) {
        self.name = name; self.mount = mount; self.fovYDegrees = fovYDegrees; self.width = width; self.height = height
    }

    /// `base` with this override's fields, or a new camera when there is no base
    /// (nil when a new camera has no mount to stand on).
    func applied(to base: CameraSpec?) -> CameraSpec? {
        guard let mount = mount ?? base?.mount else { return nil }
        return CameraSpec(name: name, mount: mount, fovYDegrees: fovYDegrees ?? base?.fovYDegrees ?? 60,
                          width: width ?? base?.width ?? CameraSpec.defaultWidth, height: height ?? base?.height ?? CameraSpec.defaultHeight)
    }
}

extension Pose {
    /// The optical camera frame at `eye` looking at `target` (+z forward, +x right,
    /// +y down); `up` (world) only picks the roll. Degenerate input looks along +x.
    public static func lookAt(eye: Vec3, target: Vec3, up: Vec3 = Vec3(0, 0, 1)) -> Pose {
        var f = target - eye
        f = length(f) < 1e-12 ? Vec3(1, 0, 0) : normalize(f)
        var r = cross(f, up)
        if length(r) < 1e-9 { r = cross(f, abs(f.z) < 0.9 ? Vec3(0, 0, 1) : Vec3(0, 1, 0)) }
        r = normalize(r)
        let down = cross(f, r)
        return Pose(rotation: Mat3(columns: r, down, f), translation: eye)
    }
}

extension WorldModel {
    /// The cameras of this world: defaults derived from the scene and robot
    /// (`agentview`, `wrist` / `<arm>_wrist`, `ego`), then the robot card's
    /// `cameras:`, then the scene's, each replacing a camera of the same name.
    public var cameras: [CameraSpec] {
        var list = CameraDefaults.cameras(scene: scene, robot: robot, objects: objects)
        for o in robot.cameras + scene.cameras {
            if let i = list.firstIndex(where: { $0.name == o.name }) {
                if let c = o.applied(to: list[i]) { list[i] = c }
            } else if let c = o.applied(to: nil) {
                list.append(c)
            }
        }
        return list
    }

    public func camera(named name: String) -> CameraSpec? { cameras.first { $0.name == name } }

    /// The camera's frame in the world (optical convention: +z forward, +y image down).
    public func cameraPose(_ c: CameraSpec, _ state: WorldState) -> Pose {
        switch c.mount {
        case .world(let eye, let target, let up): return .lookAt(eye: eye, target: target, up: up)
        case .tool(let arm, let offset):
            guard robot.arms.indices.contains(arm) else { return basePose(state) * offset }
            return toolPose(state, arm: arm) * offset
        case .base(let offset): return basePose(state) * offset
        }
    }
}
