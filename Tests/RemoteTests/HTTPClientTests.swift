import Foundation
import Policy
import TestSupport
import Testing
@testable import Remote

/// The HTTP JSON client against the reference server's `POST /act` (json_numpy arrays).
@Suite(.serialized, .enabled(if: remoteVenvAvailable, Comment(rawValue: remoteVenvMissing))) struct HTTPClientTests {
    @Test func jsonStyleReadsAChunk() async throws {
        let server = try ReferenceServer(["--protocol", "http", "--policy", "zeros", "--horizon", "8"])
        defer { server.stop() }
        let (request, robot, _) = try pandaRequest()
        let policy = try HTTPPolicy(Endpoint(parsing: server.url), robot: robot, cameras: ["agentview", "wrist"], options: RemoteOptions(timeout: 10, retries: 0))
        let chunk = try await policy.act(request)
        #expect(chunk.actions.count == 8 && chunk.actions.allSatisfy { $0.count == 7 })
        #expect(chunk.remote?.serverInferMs != nil)
        #expect(server.log.contains("observation/image uint8[224,224,3]"), "\(server.log)")
    }

    @Test func openvlaStyleSendsImageAndInstructionAndReadsOneAction() async throws {
        let server = try ReferenceServer(["--protocol", "http", "--http-style", "openvla", "--policy", "zeros"])
        defer { server.stop() }
        let (request, robot, _) = try pandaRequest()
        let policy = try HTTPPolicy(Endpoint(parsing: server.url), robot: robot, cameras: ["agentview", "wrist"],
                                    options: RemoteOptions(timeout: 10, retries: 0, httpStyle: .openvla))
        let chunk = try await policy.act(request)
        #expect(chunk.actions.count == 1 && chunk.actions[0].count == 7)
        #expect(server.log.contains("image uint8[224,224,3]") && server.log.contains("instruction str("), "\(server.log)")
    }

    @Test func httpFaultsAreExplained() async throws {
        let (request, robot, _) = try pandaRequest()
        for (fault, expected) in [("error", "HTTP 500"), ("malformed", "not JSON"), ("nan", "nothing was executed")] {
            let server = try ReferenceServer(["--protocol", "http", "--policy", "zeros", "--fault", fault])
            defer { server.stop() }
            let policy = try HTTPPolicy(Endpoint(parsing: server.url), robot: robot, cameras: ["agentview", "wrist"], options: RemoteOptions(timeout: 10, retries: 0))
            let message = await failure { try await policy.act(request) }
            #expect(message.contains(expected), "\(fault): \(message)")
        }
    }

    @Test func urlsAreCheckedWithAHelpfulMessage() {
        #expect(throws: RemoteError.self) { try Endpoint(parsing: "wss://gpu.example:8000") }
        #expect((try? Endpoint(parsing: "ws://gpu-box"))?.port == 8000)
        #expect((try? Endpoint(parsing: "http://127.0.0.1:9000"))?.path == "/act")
        #expect((try? Endpoint(parsing: "ws://[::1]:8001"))?.host == "::1")
        let bad = Result { try Endpoint(parsing: "ws://host:99999") }
        #expect("\(bad)".contains("1 to 65535"))
    }
}
