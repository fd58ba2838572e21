import Episode
import Assets
import Foundation
import Policy
import TestSupport
import Testing
import World
@testable import Remote

let robots = RobotLibrary(directory: repositoryRoot.path + "/Robots")
let scenes = SceneLibrary(directory: repositoryRoot.path + "/Scenes")

/// A LIBERO-like request for the Panda, with 224×224 images under the cameras the
/// preset reads.
func pandaRequest(step: Int = 0) throws -> (PolicyRequest, RobotModel, WorldModel) {
    let (s, r) = try scenes.load("libero_object", robots: robots)
    let (model, state) = WorldModel.make(scene: s, robot: r, seed: 0)
    var o = Observation(model, state, privileged: true)
    o.step = step
    for name in ["agentview", "wrist"] {
        o.images[name] = RGBImage(width: 224, height: 224, pixels: (0..<(224 * 224 * 3)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ name.count) })
    }
    let request = PolicyRequest(instruction: s.tasks[0].instruction, embodimentPrompt: EmbodimentPrompt.generate(r, instruction: s.tasks[0].instruction),
                                observation: o)
    return (request, r, model)
}

func openpi(_ server: ReferenceServer, robot: RobotModel, options: RemoteOptions = RemoteOptions(timeout: 10, retries: 0)) throws -> OpenPIPolicy {
    try OpenPIPolicy(Endpoint(parsing: server.url), robot: robot, cameras: ["agentview", "wrist"], options: options)
}

/// What a failed request said.
func failure(_ body: () async throws -> ActionChunk) async -> String {
    do { _ = try await body(); return "no error" } catch { return "\(error)" }
}

@Suite(.serialized, .enabled(if: remoteVenvAvailable, Comment(rawValue: remoteVenvMissing))) struct OpenPIClientTests {
    @Test func happyPathReadsMetadataActionsAndTiming() async throws {
        let server = try ReferenceServer(["--policy", "echo", "--horizon", "10"])
        defer { server.stop() }
        let (request, robot, _) = try pandaRequest()
        let policy = try openpi(server, robot: robot)
        let chunk = try await policy.act(request)
        #expect(chunk.actions.count == 10 && chunk.actions.allSatisfy { $0.count == 7 })
        let info = try #require(chunk.remote)
        #expect(info.serverInferMs != nil && info.roundTripMs > 0 && info.connects == 1)
        // Two 224×224×3 images dominate the request.
        #expect(info.requestBytes > 2 * 224 * 224 * 3)
        #expect(policy.metadata != nil)
        // The server's log names what it received, with openpi's dtypes and shapes.
        let log = server.log
        #expect(log.contains("observation/image uint8[224,224,3]"), "\(log)")
        #expect(log.contains("observation/wrist_image uint8[224,224,3]"))
        #expect(log.contains("observation/state float32[8]"))
        #expect(log.contains("prompt str("))
        // A second request reuses the connection.
        let again = try await policy.act(request)
        #expect(again.remote?.connects == 0)
    }

    @Test func apiKeyIsSentAndRefusalIsExplained() async throws {
        let server = try ReferenceServer(["--policy", "zeros", "--api-key", "s3cret"])
        defer { server.stop() }
        let (request, robot, _) = try pandaRequest()
        let without = await failure { try await openpi(server, robot: robot).act(request) }
        #expect(without.contains("HTTP 401") && without.contains("VLAPLAY_API_KEY"), "\(without)")
        let with = try openpi(server, robot: robot, options: RemoteOptions(timeout: 10, retries: 0, apiKey: "s3cret"))
        #expect(try await with.act(request).actions.count == 10)
        #expect(!server.log.contains("s3cret"))
    }

    @Test func connectionRefusedSaysHowToStartAServer() async throws {
        let (request, robot, _) = try pandaRequest()
        // A port nothing listens on: bind one, then close it.
        let policy = try OpenPIPolicy(Endpoint(parsing: "ws://127.0.0.1:9"), robot: robot, cameras: ["agentview", "wrist"],
                                      options: RemoteOptions(connectTimeout: 2, retries: 1))
        let message = await failure { try await policy.act(request) }
        #expect(message.contains("cannot connect to 127.0.0.1:9") && message.contains("make serve"), "\(message)")
    }

    @Test func slowServerTimesOut() async throws {
        let server = try ReferenceServer(["--policy", "zeros", "--fault", "slow=1.5"])
        defer { server.stop() }
        let (request, robot, _) = try pandaRequest()
        let policy = try openpi(server, robot: robot, options: RemoteOptions(timeout: 0.5, retries: 0))
        let t0 = Date()
        let message = await failure { try await policy.act(request) }
        #expect(message.contains("did not answer the policy's reply within 0.5 s") && message.contains("--timeout"), "\(message)")
        #expect(Date().timeIntervalSince(t0) < 1.4)
    }

    @Test func errorFrameShowsTheTracebackAndTheNextRequestReconnects() async throws {
        let server = try ReferenceServer(["--policy", "zeros", "--fault", "error_after=1"])
        defer { server.stop() }
        let (request, robot, _) = try pandaRequest()
        let policy = try openpi(server, robot: robot)
        _ = try await policy.act(request)
        let message = await failure { try await policy.act(request) }
        #expect(message.contains("reported an error") && message.contains("Traceback"), "\(message)")
        // The server closed with 1011; the next request connects afresh (counts restart per connection).
        let next = try await policy.act(request)
        #expect(next.remote?.connects == 1)
    }

    @Test func serverClosingMidEpisodeReconnectsWithinTheBound() async throws {
        let server = try ReferenceServer(["--policy", "zeros", "--fault", "close_after=2"])
        defer { server.stop() }
        let (request, robot, _) = try pandaRequest()
        // With retries, the dropped request is sent again on a new connection.
        let retrying = try openpi(server, robot: robot, options: RemoteOptions(timeout: 10, retries: 2))
        for _ in 0..<2 { _ = try await retrying.act(request) }
        let third = try await retrying.act(request)
        #expect(third.remote?.connects == 1 && third.notes.contains { $0.contains("reconnected after") }, "\(third.notes)")
        // Without retries, the drop is reported as such.
        let strict = try openpi(server, robot: robot)
        for _ in 0..<2 { _ = try await strict.act(request) }
        let message = await failure { try await strict.act(request) }
        #expect(message.contains("closed the connection"), "\(message)")
    }

    @Test func killedServerFailsFastThenComesBack() async throws {
        var server = try ReferenceServer(["--policy", "zeros"])
        let (request, robot, _) = try pandaRequest()
        let policy = try OpenPIPolicy(Endpoint(parsing: server.url), robot: robot, cameras: ["agentview", "wrist"],
                                      options: RemoteOptions(timeout: 5, connectTimeout: 1, retries: 1))
        _ = try await policy.act(request)
        let port = server.port
        server.kill()
        let t0 = Date()
        let message = await failure { try await policy.act(request) }
        #expect(message.contains("cannot connect") || message.contains("closed the connection"), "\(message)")
        #expect(Date().timeIntervalSince(t0) < 5)
        // A server on the same port again: the same policy object reconnects.
        server = try ReferenceServer(["--policy", "zeros", "--port", "\(port)"])
        defer { server.stop() }
        let back = try await policy.act(request)
        #expect(back.actions.count == 10 && back.remote?.connects == 1)
    }

    @Test func malformedTextAndOversizedRepliesAreRefused() async throws {
        let (request, robot, _) = try pandaRequest()
        for (fault, expected) in [("malformed", "not valid"), ("text", "unexpected"), ("oversized=3", "over the limit")] {
            let server = try ReferenceServer(["--policy", "zeros", "--fault", fault])
            defer { server.stop() }
            let policy = try openpi(server, robot: robot, options: RemoteOptions(timeout: 10, retries: 0, maxMessageBytes: 1 << 20))
            let message = await failure { try await policy.act(request) }
            #expect(message.contains(expected), "\(fault): \(message)")
        }
    }

    @Test func badActionsAreRefusedAndPaddingIsCut() async throws {
        let (request, robot, _) = try pandaRequest()
        let nan = try ReferenceServer(["--policy", "zeros", "--fault", "nan"])
        defer { nan.stop() }
        let nanMessage = await failure { try await openpi(nan, robot: robot).act(request) }
        #expect(nanMessage.contains("nan") && nanMessage.contains("nothing was executed"), "\(nanMessage)")
        let narrow = try ReferenceServer(["--policy", "zeros", "--fault", "shape=3"])
        defer { narrow.stop() }
        let shapeMessage = await failure { try await openpi(narrow, robot: robot).act(request) }
        #expect(shapeMessage.contains("has 3 numbers but franka_panda takes 7"), "\(shapeMessage)")
        let padded = try ReferenceServer(["--policy", "zeros", "--fault", "pad=32"])
        defer { padded.stop() }
        let chunk = try await openpi(padded, robot: robot).act(request)
        #expect(chunk.actions.allSatisfy { $0.count == 7 } && chunk.notes.contains { $0.contains("sent 32 numbers") })
    }

    @Test func missingMetadataFrameTimesOutWithAHint() async throws {
        let server = try ReferenceServer(["--policy", "zeros", "--fault", "no_metadata"])
        defer { server.stop() }
        let (request, robot, _) = try pandaRequest()
        let policy = try openpi(server, robot: robot, options: RemoteOptions(connectTimeout: 0.7, retries: 0))
        let message = await failure { try await policy.act(request) }
        #expect(message.contains("metadata frame"), "\(message)")
    }
}

@Suite struct ObservationLayoutTests {
    @Test func cardThenFlagsChooseTheKeys() throws {
        var robot = try robots.load("franka_panda")
        robot.observation = ObservationConfig(preset: "lerobot", keys: ["extra=instruction"])
        let fromCard = try OpenPIPolicy(Endpoint(parsing: "ws://127.0.0.1:1"), robot: robot, cameras: ["agentview", "wrist"])
        #expect(fromCard.layout.name == "lerobot" && fromCard.layout.fields.map(\.key).contains("extra"))
        #expect(fromCard.cameras == ["agentview", "wrist"])
        let flags = try OpenPIPolicy(Endpoint(parsing: "ws://127.0.0.1:1"), robot: robot, cameras: ["agentview", "wrist"],
                                     options: RemoteOptions(preset: "qwen", observationKeys: ["observation/wrist_image=none", "images>cam=camera_chw:agentview"]))
        #expect(flags.layout.name == "qwen" && flags.cameras == ["agentview"])
        let keys = flags.layout.fields.map(\.key)
        #expect(keys.contains("extra") && !keys.contains("observation/wrist_image") && keys.contains("images/cam"))
    }

    @Test func qwenPromptCarriesTheEmbodimentPromptAndEncodingNestsKeys() throws {
        let (request, robot, _) = try pandaRequest()
        let layout = try ObservationLayout.preset("qwen", for: robot, cameras: ["agentview", "wrist"]).overriding(["images>cam_high=camera_chw:agentview"])
        let value = try layout.encode(request, robot: robot)
        #expect(value["prompt"] == .string(request.embodimentPrompt))
        let chw = try #require(try NumpyArray.from(value["images"]?["cam_high"] ?? .null))
        #expect(chw.shape == [3, 224, 224])
        let hwc = request.observation.images["agentview"]!
        // Channel-first: plane c holds channel c of every pixel.
        #expect(chw.data[224 * 224 + 5] == hwc.pixels[5 * 3 + 1])
    }

    @Test func aMissingCameraIsNamedWithTheFix() throws {
        let (request, robot, _) = try pandaRequest()
        let layout = try ObservationLayout.preset("libero", for: robot, cameras: ["agentview", "wrist"]).overriding(["observation/image=camera:top"])
        let message = "\(Result { try layout.encode(request, robot: robot) })"
        #expect(message.contains("wants camera `top`") && message.contains("--obs-key"), "\(message)")
    }
}
