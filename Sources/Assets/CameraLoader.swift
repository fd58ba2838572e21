import Foundation
import Spatial
import World

/// Reads a `cameras:` section of a robot card or a scene (docs/CAMERAS.md):
///
///     cameras:
///       - {name: agentview, mount: world, eye: [1.4, 0, 0.9], target: [0.5, 0, 0], fov_deg: 45}
///       - {name: wrist, mount: tool, arm: left, xyz: [0, 0, -0.1], rpy: [0, 0, 0], fov_deg: 75}
///       - {name: ego, mount: base, xyz: [0.2, 0, 0.3], rpy: [-1.5708, 0, -1.5708]}
///       - {name: agentview, width: 320, height: 240}      # no mount: changes a default camera
///
/// Camera frames are optical: +z looks forward, +x is image right, +y image down.
enum CameraLoader {
    static let mounts = ["world", "tool", "base"]

    /// - Parameters:
    ///   - arms: the robot's arm names (a tool mount names one; with one arm it may be left out).
    ///   - allowWorld: scenes may fix cameras in the world; a card describes a body, so it may not.
    ///   - known: cameras an override without `mount:` may change.
    static func parse(_ v: YAMLValue, arms: [String], allowWorld: Bool, known: [String]) throws -> [CameraOverride] {
        var out: [CameraOverride] = []
        var known = known
        for item in try v.items() {
            let f = try item.fields(allowed: ["name", "mount", "arm", "eye", "target", "up", "xyz", "rpy", "fov_deg", "width", "height"])
            let nameValue = try f.required("name", "the camera's name, e.g. agentview or wrist")
            let name = try nameValue.string()
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw nameValue.error("a name of letters, digits and _ (it becomes an image key)")
            }
            if out.contains(where: { $0.name == name }) { throw nameValue.error("a name no other camera in this list has", found: "a second `\(name)`") }
            var cam = CameraOverride(name: name)
            let allowedMounts = allowWorld ? mounts : ["tool", "base"]
            if let m = f.optional("mount") {
                let kind = try m.string()
                guard allowedMounts.contains(kind) else {
                    let near = suggestion(for: kind, among: allowedMounts)
                    let why = kind == "world" ? "a robot card describes the body: put world cameras in a scene's `cameras:`"
                        : near.map { "did you mean `\($0)`?" }
                    throw m.error("one of \(allowedMounts.joined(separator: " | "))", hint: why)
                }
                cam.mount = try mount(kind, f, arms: arms)
            } else {
                for key in ["arm", "eye", "target", "up", "xyz", "rpy"] where f.has(key) {
                    throw try f.required(key, "").error("no `\(key):` without a `mount:`", hint: "add `mount: \(["eye", "target", "up"].contains(key) ? "world" : "tool")`")
                }
                guard known.contains(name) else {
                    let near = suggestion(for: name, among: known)
                    throw item.error("a `mount:` (world, tool or base) for a new camera, or the name of an existing one (\(known.joined(separator: ", ")))",
                                     found: "`\(name)` without a mount", hint: near.map { "did you mean `\($0)`?" }, field: "\(item.path).mount")
                }
            }
            if let fv = f.optional("fov_deg") {
                let fov = try fv.double()
                guard fov > 0, fov < 180 else { throw fv.error("a vertical field of view above 0 and below 180 degrees", found: "\(fov)") }
                cam.fovYDegrees = fov
            }
            for key in ["width", "height"] {
                guard let sv = f.optional(key) else { continue }
                let n = try sv.int()
                guard (1...4096).contains(n) else { throw sv.error("a \(key) of 1 to 4096 pixels", found: "\(n)") }
                if key == "width" { cam.width = n } else { cam.height = n }
            }
            known.append(name)
            out.append(cam)
        }
        return out
    }

    private static func mount(_ kind: String, _ f: Fields, arms: [String]) throws -> CameraMount {
        func vec(_ key: String) throws -> Vec3? { try f.optional(key).map { let t = try $0.vec3(); return Vec3(t.x, t.y, t.z) } }
        switch kind {
        case "world":
            for key in ["arm", "xyz", "rpy"] where f.has(key) {
                throw try f.required(key, "").error("no `\(key):` on a world camera (it takes eye, target and up)")
            }
            let eyeTriple = try f.required("eye", "[x, y, z] where the camera is").vec3()
            let eye = Vec3(eyeTriple.x, eyeTriple.y, eyeTriple.z)
            let targetValue = try f.required("target", "[x, y, z] the camera looks at")
            let target = try vec("target")!
            guard length(target - eye) > 1e-6 else { throw targetValue.error("a target apart from the eye") }
            let up = try vec("up") ?? Vec3(0, 0, 1)
            guard length(up) > 1e-9 else { throw try f.required("up", "").error("a non-zero up direction") }
            if length(cross(normalize(target - eye), normalize(up))) < 1e-6 {
                throw (f.optional("up") ?? targetValue).error("an up direction that is not along the line of sight",
                                                                 hint: "looking straight down? say `up: [0, 1, 0]`")
            }
            return .world(eye: eye, target: target, up: up)
        case "tool", "base":
            for key in ["eye", "target", "up"] where f.has(key) {
                throw try f.required(key, "").error("no `\(key):` on a \(kind) camera (it takes xyz and rpy in the \(kind) frame)")
            }
            let xyz = try vec("xyz") ?? .zero, rpy = try vec("rpy") ?? .zero
            let offset = Pose(xyz: xyz, rpy: rpy)
            guard kind == "tool" else {
                if f.has("arm") { throw try f.required("arm", "").error("no `arm:` on a base camera") }
                return .base(offset: offset)
            }
            guard !arms.isEmpty else { throw try f.required("mount", "").error("world or base: this robot has no arm to mount a camera on") }
            var arm = 0
            if let av = f.optional("arm") {
                let an = try av.string()
                guard let i = arms.firstIndex(of: an) else {
                    let near = suggestion(for: an, among: arms)
                    throw av.error("one of the robot's arms: \(arms.joined(separator: ", "))", hint: near.map { "did you mean `\($0)`?" })
                }
                arm = i
            } else if arms.count > 1 {
                _ = try f.required("arm", "the arm it is on (\(arms.joined(separator: ", ")))")
            }
            return .tool(arm: arm, offset: offset)
        default:
            throw try f.required("mount", "").error("one of \(mounts.joined(separator: " | "))")
        }
    }
}
