import ArgumentParser
import Assets
import Foundation
import Render
import World

/// `vlaplay bench render`: milliseconds per camera image, per camera, for a few scenes.
struct RenderBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Time camera images (rasterise, and PNG encoding apart) per camera; median of N renders (build with -c release).")

    @Option(name: .customLong("scene"), parsing: .upToNextOption, help: "Scenes to time (one or more names).") var sceneNames = ["libero_spatial", "libero_goal", "aloha_bimanual", "nav_apartment", "mobile_kitchen"]
    @Option(help: "Renders per camera; the median is reported.") var renders = 50
    @Option(help: "Image width and height (pixels).") var size = 224
    @OptionGroup var options: SceneOptions
    @Flag(help: "Print JSON.") var json = false

    struct Row: Encodable {
        var scene: String, camera: String, width: Int, height: Int, triangles: Int
        var render_ms_median: Double, render_ms_min: Double, png_ms_median: Double, png_bytes: Int
    }
    struct Output: Encodable { var rows: [Row]; var renders: Int; var build: String }

    func validate() throws {
        guard renders > 0 else { throw ValidationError("--renders: expected 1 or more") }
        guard (1...4096).contains(size) else { throw ValidationError("--size: expected 1 to 4096 pixels") }
    }

    func run() throws {
        try reportingErrors {
            let (library, robots) = try options.sceneLibrary()
            var rows: [Row] = []
            for name in sceneNames {
                let (sceneModel, robotModel) = try library.load(name, robots: robots)
                let (model, state) = WorldModel.make(scene: sceneModel, robot: robotModel, seed: 0)
                for var cam in model.cameras {
                    cam.width = size; cam.height = size
                    var times: [Double] = [], pngTimes: [Double] = []
                    var image = RGBImage(width: 0, height: 0)
                    for _ in 0..<renders {
                        let t0 = DispatchTime.now().uptimeNanoseconds
                        image = ImageRenderer.render(model, state, camera: cam)
                        times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
                    }
                    var bytes = 0
                    for _ in 0..<max(1, renders / 5) {
                        let t0 = DispatchTime.now().uptimeNanoseconds
                        bytes = PNGEncoder.encode(image).count
                        pngTimes.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
                    }
                    times.sort(); pngTimes.sort()
                    rows.append(Row(scene: name, camera: cam.name, width: size, height: size,
                                    triangles: SceneMesh.triangles(model, state).count,
                                    render_ms_median: times[times.count / 2], render_ms_min: times[0],
                                    png_ms_median: pngTimes[pngTimes.count / 2], png_bytes: bytes))
                }
            }
            #if DEBUG
            let build = "debug"
            #else
            let build = "release"
            #endif
            if json { try printJSON(Output(rows: rows, renders: renders, build: build)); return }
            if build == "debug" { print("warning: debug build; use `swift build -c release` for real numbers\n") }
            print(table(["SCENE", "CAMERA", "SIZE", "TRIANGLES", "RENDER (MEDIAN)", "RENDER (MIN)", "PNG ENCODE", "PNG SIZE"], rows.map {
                [$0.scene, $0.camera, "\($0.width)x\($0.height)", "\($0.triangles)", String(format: "%.2f ms", $0.render_ms_median),
                 String(format: "%.2f ms", $0.render_ms_min), String(format: "%.2f ms", $0.png_ms_median), "\($0.png_bytes) B"]
            }))
            print("median of \(renders) renders per camera (\(build) build)")
        }
    }
}
