import Policy
import Remote
import Testing
@testable import TUI

/// How the playground tells a remote policy's link (pure update/view; the real
/// server is in RemoteEndToEndTests).
@Suite struct RemoteStatusTests {
    @Test func aURLMakesARemotePolicyThatAsksForItsCameras() throws {
        let s = try loadedState("libero_object")
        let (_, fx) = apply(s, [.key(.escape), .key(.char(":"))] + keys("policy ws://127.0.0.1:1") + [.key(.enter)])
        guard case .makePolicy(let spec, let robot, let cameras)? = fx.first else { Issue.record("no policy effect"); return }
        #expect(spec == "ws://127.0.0.1:1" && cameras.contains("agentview") && cameras.contains("wrist"))
        let handle = try loader.makePolicy(spec, robot: robot, cameras: cameras).get()
        #expect(handle.policy is OpenPIPolicy && handle.policy.cameras == ["agentview", "wrist"])
        let made = update(s, .policyMade(.success(handle))).0
        #expect(made.connection == .idle)
        #expect(view(made, width: 120, height: 40).text().contains("○ not connected"))
    }

    @Test func aLostConnectionPausesAndKeepsTheEpisodeButBadActionsDoNot() throws {
        var s = try loadedState("libero_object")
        let handle = try loader.makePolicy("ws://127.0.0.1:1", robot: s.session!.model.robot, cameras: ["agentview", "wrist"]).get()
        s = update(s, .policyMade(.success(handle))).0
        // A chunk arrives with its round trip: connected, latency on screen.
        var (asked, fx) = apply(s, [.key(.enter)])
        guard case .requestChunk(let ticket, _, let request)? = fx.last else { Issue.record("no request"); return }
        #expect(request.observation.images.keys.sorted() == ["agentview", "wrist"])
        var chunk = ActionChunk(actions: Array(repeating: [0, 0, 0, 0, 0, 0, -1], count: 4))
        chunk.remote = RemoteCallInfo(endpoint: "ws://127.0.0.1:1", roundTripMs: 23.4, serverInferMs: 20)
        asked = update(asked, .chunk(ticket: ticket, .success(chunk))).0
        #expect(asked.connection == .connected(roundTripMs: 23.4, serverMs: 20))
        #expect(view(asked, width: 120, height: 40).text().contains("● 23 ms"))
        // Step twice, then the next request fails with the connection gone.
        asked = apply(asked, [.key(.char(" ")), .key(.char(" "))]).0
        (asked, fx) = apply(asked, [.key(.char("n"))])
        guard case .requestChunk(let t2, _, _)? = fx.last else { Issue.record("no second request"); return }
        let lost = update(asked, .chunk(ticket: t2, .failure(Failure("cannot connect", connectionLost: true)))).0
        #expect(lost.connection == .lost(reason: "cannot connect") && lost.session?.stepCount == 2 && !lost.playing)
        #expect(view(lost, width: 120, height: 40).text().contains("✗ disconnected"))
        // Refused actions are not a lost connection.
        (asked, fx) = apply(asked, [.key(.char("n"))])
        guard case .requestChunk(let t3, _, _)? = fx.last else { Issue.record("no third request"); return }
        let refused = update(asked, .chunk(ticket: t3, .failure(Failure("refused the server's actions: NaN")))).0
        #expect(refused.connection == .connected(roundTripMs: 23.4, serverMs: 20) && refused.session?.stepCount == 2)
        // After a loss, a refused reply shows the link is back.
        (asked, fx) = apply(lost, [.key(.char("n"))])
        guard case .requestChunk(let t4, _, _)? = fx.last else { Issue.record("no fourth request"); return }
        let back = update(asked, .chunk(ticket: t4, .failure(Failure("refused the server's actions: NaN")))).0
        #expect(back.connection == .up && view(back, width: 120, height: 40).text().contains("● connected"))
    }
}
