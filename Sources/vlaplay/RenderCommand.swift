import ArgumentParser
import Assets
import Foundation
import Render
import Spatial
import World

/// `vlaplay render`: what a camera sees, as a PNG (the image a policy gets).
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render a camera's RGB image of a scene to a PNG, or list the scene's cameras.",
        discussion: """
        Every manipulation scene has `agentview`; each arm has `wrist` (one arm) or
        `<arm>_wrist` (several); mobile bases have `ego`. Cards and scenes may add or change
        cameras in a `cameras:` section (docs/CAMERAS.md).

        Examples:
          vlaplay render --scene libero_spatial --list
          vlaplay render --scene libero_spatial --camera agentview --png agentview.png
          vlaplay render --scene aloha_bimanual --camera left_wrist --png left.png --width 320 --height 240
        """)

    @OptionGroup var options: SceneOptions
    @Option(help: "The scene (see `vlaplay scenes`).") var scene: String
    @Option(help: "Render the scene with another compatible robot.") var robot: String?
    @Option(help: "Which of the scene's tasks (0-based): path tasks start on their path.") var task: Int = 0
    @Option(parsing: .unconditional, help: "Seed of the scene's randomisation.", transform: seedArgument) var seed: UInt64 = 0
    @Option(help: "The camera (see --list).") var camera: String?
    @Option(help: "Write the image here (PNG).") var png: String?
    @Option(help: "Image width in pixels (default: the camera's).") var width: Int?
    @Option(help: "Image height in pixels (default: the camera's).") var height: Int?
    @Flag(help: "List the scene's cameras: mount, field of view, resolution.") var list = false
    @Flag(help: "Print JSON (with --list: the cameras; else what was written).") var json = false

    func validate() throws {
        if let width, !(1...4096).contains(width) { throw ValidationError("--width: expected 1 to 4096 pixels, got \(width)") }
        if let height, !(1...4096).contains(height) { throw ValidationError("--height: expected 1 to 4096 pixels, got \(height)") }
        if !list {
            guard camera != nil else { throw ValidationError("--camera NAME is required (or --list to see the scene's cameras)") }
            guard png != nil else { throw ValidationError("--png FILE is required: where to write the image") }
        }
    }

    struct CameraRow: Encodable { var name: String; var mount: String; var fov_y_deg: Double; var width: Int; var height: Int; var pose: [Double] }
    struct Written: Encodable { var scene: String; var robot: String; var camera: String; var width: Int; var height: Int; var png: String; var bytes: Int; var render_ms: Double }

    func run() throws {
        try reportingErrors {
            let (scenes, robots) = try options.sceneLibrary()
            let (sceneModel, robotModel) = try scenes.load(scene, robots: robots, robot: robot)
            guard sceneModel.tasks.indices.contains(task) else {
                throw ValidationError("--task: \(scene) has tasks 0...\(sceneModel.tasks.count - 1)")
            }
            let (model, s0) = WorldModel.make(scene: sceneModel, robot: robotModel, seed: seed)
            let state = model.prepared(s0, for: sceneModel.tasks[task])
            let cameras = model.cameras
            if list {
                let rows = cameras.map { c -> CameraRow in
                    let p = model.cameraPose(c, state)
                    return CameraRow(name: c.name, mount: RenderCommand.describe(c.mount, model), fov_y_deg: c.fovYDegrees,
                                     width: c.width, height: c.height, pose: [p.translation.x, p.translation.y, p.translation.z])
                }
                if json { try printJSON(rows); return }
                print(table(["CAMERA", "MOUNT", "FOV (Y)", "SIZE", "AT (WORLD)"], rows.map {
                    [$0.name, $0.mount, "\(fmt($0.fov_y_deg, 1))°", "\($0.width)x\($0.height)", "[\($0.pose.map { fmt($0, 2) }.joined(separator: ", "))]"]
                }))
                return
            }
            guard let name = camera, var spec = model.camera(named: name) else {
                let names = cameras.map(\.name)
                let near = suggestion(for: camera ?? "", among: names)
                throw CLIError("--camera: \(scene) has no camera `\(camera ?? "")`; its cameras: \(names.joined(separator: ", "))"
                               + (near.map { " (did you mean `\($0)`?)" } ?? "") + "; `vlaplay render --scene \(scene) --list` shows them")
            }
            if let width { spec.width = width }
            if let height { spec.height = height }
            let start = DispatchTime.now().uptimeNanoseconds
            let image = ImageRenderer.render(model, state, camera: spec)
            let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            let bytes = PNGEncoder.encode(image)
            let path = png!
            do {
                try OutputFile.write(bytes, to: path)
            } catch {
                throw CLIError("--png: \(error); check that the folder exists and is writable")
            }
            let out = Written(scene: sceneModel.name, robot: robotModel.name, camera: spec.name, width: spec.width, height: spec.height,
                              png: path, bytes: bytes.count, render_ms: ms)
            if json { try printJSON(out); return }
            print("wrote \(path): \(spec.name) of \(sceneModel.name) (\(robotModel.name)), \(spec.width)x\(spec.height), \(bytes.count) bytes, rendered in \(fmt(ms, 2)) ms")
        }
    }

    static func describe(_ m: CameraMount, _ model: WorldModel) -> String {
        func v(_ p: Vec3) -> String { "[\(fmt(p.x, 2)), \(fmt(p.y, 2)), \(fmt(p.z, 2))]" }
        switch m {
        case .world(let eye, let target, _): return "world \(v(eye)) -> \(v(target))"
        case .tool(let arm, _): return "tool of arm \(model.robot.arms.indices.contains(arm) ? model.robot.arms[arm].name : "\(arm)")"
        case .base: return "base"
        }
    }
}
