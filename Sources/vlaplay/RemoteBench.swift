import Episode
import ArgumentParser
import Assets
import Foundation
import Policy
import Remote
import World

/// `vlaplay bench remote`: per-request overhead of the openpi client against a
/// running server, with the observation built once (two 224×224×3 images, state,
/// prompt), so what is timed is encoding, the wire and decoding — the part a
/// client adds to inference. python/tools/bench_remote.py runs openpi's own
/// client against the same server in the same run.
struct RemoteBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remote",
        abstract: "Time requests to an openpi policy server (e.g. `python -m vlaplay_server --policy zeros`).")

    @Option(help: "The server.") var url = "ws://127.0.0.1:8000"
    @Option(help: "The scene whose first task and cameras make the observation.") var scene = "libero_object"
    @Option(help: "Timed requests.") var requests = 200
    @Option(help: "Untimed requests first.") var warmup = 20
    @OptionGroup var options: SceneOptions
    @Flag(help: "Print one JSON object.") var json = false

    struct Output: Encodable {
        var url: String, requests: Int, request_bytes: Int
        var median_ms: Double, mean_ms: Double, p95_ms: Double, min_ms: Double
        var observation_build_ms: Double
    }

    func run() async throws {
        try await reportingErrorsAsync {
            let (scenes, robots) = try options.sceneLibrary()
            let (s, r) = try scenes.load(scene, robots: robots)
            let (model, state) = WorldModel.make(scene: s, robot: r, seed: 0)
            let policy = try PolicyFactory.make(url, robot: r, cameras: model.cameras.map(\.name), remote: RemoteOptions(timeout: 30, retries: 0))
            let t0 = DispatchTime.now().uptimeNanoseconds
            let observation = Observation.of(model, state, for: policy)
            let buildMs = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
            let request = PolicyRequest(instruction: s.tasks[0].instruction, embodimentPrompt: EmbodimentPrompt.generate(r, instruction: s.tasks[0].instruction),
                                        observation: observation)
            var times: [Double] = []
            var bytes = 0
            for i in 0..<(warmup + requests) {
                let c0 = DispatchTime.now().uptimeNanoseconds
                let chunk: ActionChunk
                do { chunk = try await policy.act(request) } catch let e as RemoteError { throw CLIError(e.description) }
                let ms = Double(DispatchTime.now().uptimeNanoseconds - c0) / 1e6
                if i >= warmup { times.append(ms) }
                bytes = chunk.remote?.requestBytes ?? 0
            }
            times.sort()
            let out = Output(url: url, requests: requests, request_bytes: bytes, median_ms: times[times.count / 2],
                             mean_ms: times.reduce(0, +) / Double(times.count), p95_ms: times[min(times.count - 1, times.count * 95 / 100)],
                             min_ms: times[0], observation_build_ms: buildMs)
            if json { try printJSON(out); return }
            print(String(format: "%d requests of %d bytes to %@: median %.3f ms, mean %.3f ms, p95 %.3f ms, min %.3f ms (observation with images built in %.2f ms)",
                         requests, bytes, url, out.median_ms, out.mean_ms, out.p95_ms, out.min_ms, buildMs))
        }
    }

    func validate() throws {
        guard requests > 0, warmup >= 0 else { throw ValidationError("--requests must be above 0 and --warmup at least 0") }
    }
}
