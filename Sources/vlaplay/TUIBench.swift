import ArgumentParser
import Assets
import Foundation
import Policy
import Render
import TUI
import World

/// `vlaplay bench tui`: how long `view` takes to build a Frame (the TUI's per-frame
/// cost before curses paints it) and how long start-up takes to the first frame.
struct TUIBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "Frame build time for a 200×60 terminal (each view, mid-episode) and start-up to the first frame, without a terminal.",
        discussion: """
        The frames are built mid-episode (the expert's chunk predicted and 20 steps executed), so
        the worm, the executed path, the heatmap and the joints are all drawn. The start-up figure
        covers loading the scene and building the first frame in this process; with a terminal,
        VLAPLAY_STARTUP_LOG=FILE vlaplay writes the time to the first painted frame.
        """)

    @Option(help: "Terminal width in cells.") var width = 200
    @Option(help: "Terminal height in cells.") var height = 60
    @Option(help: "Frames to build per view.") var frames = 300
    @Option(help: "The scene.") var scene = TUIDefaults.scene
    @Option(help: "The policy that plays the first steps.") var policy = TUIDefaults.policy
    @OptionGroup var options: SceneOptions
    @Flag(help: "Print one JSON object.") var json = false

    struct Output: Encodable {
        var width: Int, height: Int, frames: Int, scene: String
        var startup_to_first_frame_ms: Double
        var process_start_to_first_frame_ms: Double?
        var frame_build_ms: [String: Stats]
        var build: String
    }

    struct Stats: Encodable { var median: Double; var mean: Double; var p95: Double; var max: Double }

    func validate() throws {
        guard width >= TUIDefaults.minWidth, height >= TUIDefaults.minHeight else {
            throw ValidationError("--width and --height: at least \(TUIDefaults.minWidth)×\(TUIDefaults.minHeight)")
        }
        guard frames > 0 else { throw ValidationError("--frames: expected 1 or more") }
    }

    func run() async throws {
        try await reportingErrorsAsync {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let (scenes, robots) = try options.sceneLibrary()
            let loader = Loader(robots: robots, scenes: scenes)
            let loaded: Loaded
            switch loader.load(LoadRequest(scene: scene, policy: policy)) {
            case .success(let l): loaded = l
            case .failure(let f): throw CLIError(f.message)
            }
            var state = update(AppState(width: width, height: height), .loaded(.success(loaded))).0
            var first = view(state, width: width, height: height)
            let startup = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
            let processAge = processAgeMilliseconds()

            // Mid-episode: predict, then 20 steps (answering chunk requests as the loop would).
            state = await drive(state, [.key(.enter)])
            for _ in 0..<20 { state = await drive(state, [.key(.char(" "))]) }

            var results: [String: Stats] = [:]
            var checksum = 0
            for kind in ViewKind.allCases {
                state.camera = Camera.defaultFor(kind, tabletop: loaded.robot.mobileBase == nil && loaded.scene.map == nil)
                var times: [Double] = []
                for _ in 0..<frames {
                    let s = DispatchTime.now().uptimeNanoseconds
                    first = view(state, width: width, height: height)
                    times.append(Double(DispatchTime.now().uptimeNanoseconds - s) / 1e6)
                    checksum &+= Int(first.cells[first.cells.count / 2].scalar)
                }
                times.sort()
                results[kind.rawValue] = Stats(median: times[times.count / 2], mean: times.reduce(0, +) / Double(times.count),
                                               p95: times[min(times.count - 1, times.count * 95 / 100)], max: times.last!)
            }
            #if DEBUG
            let build = "debug"
            #else
            let build = "release"
            #endif
            let out = Output(width: width, height: height, frames: frames, scene: scene, startup_to_first_frame_ms: startup,
                             process_start_to_first_frame_ms: processAge, frame_build_ms: results, build: build)
            if json { try printJSON(out); return }
            if build == "debug" { print("warning: debug build; use `swift build -c release` for real numbers\n") }
            var rows: [[String]] = ViewKind.allCases.map { k in
                let r = results[k.rawValue]!
                return ["frame build \(width)×\(height), \(k.title)", String(format: "%.3f ms median, %.3f mean, %.3f p95", r.median, r.mean, r.p95)]
            }
            rows.append(["start-up to first frame (load + view, no terminal)", String(format: "%.1f ms", startup)])
            if let p = processAge { rows.append(["process start to first frame (no terminal)", String(format: "%.0f ms", p)]) }
            print(table(["TUI (\(scene), mid-episode, one core)", "TIME"], rows))
            _ = checksum
        }
    }

    /// Sends events to `update`, answering chunk requests as the program loop does.
    func drive(_ s: AppState, _ events: [Event]) async -> AppState {
        await EffectDriver.drive(s, events).0
    }

    /// How long ago this process started (Linux /proc, 10 ms resolution).
    func processAgeMilliseconds() -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
              let uptime = try? String(contentsOfFile: "/proc/uptime", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let start = Double(fields[19]), let up = Double(uptime.split(separator: " ")[0]) else { return nil }
        return (up - start / Double(sysconf(Int32(_SC_CLK_TCK)))) * 1000
    }
}
