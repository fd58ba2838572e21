import Foundation
import TestSupport
import Testing

/// The playground against the reference policy server as a real process: the
/// connection state and latency on screen, and a server killed mid-episode.
@Suite(.serialized, .enabled(if: tmuxPath != nil, "tmux is not installed: `make deps` (or apt-get install tmux) runs these end-to-end tests"), .enabled(if: remoteVenvAvailable, Comment(rawValue: remoteVenvMissing)))
struct RemoteEndToEndTests {
    @Test func showsLatencySurvivesAKilledServerAndReconnects() throws {
        var server = try ReferenceServer(["--policy", "demo"])
        defer { server.stop() }
        let bin = try #require(vlaplayBinary(), "build vlaplay first (swift build)")
        let t = try Tmux(width: 120, height: 40, command: "sh -c \"cd '\(repoRoot)' && '\(bin)' tui --scene libero_object --policy \(server.url) --retries 0; sleep 60\"")
        try t.wait(for: "○ not connected")
        try t.keys("Enter")
        var screen = try t.wait(for: "chunk 0 · 0/10")
        #expect(screen.contains("● ") && screen.contains(" ms │"), "no latency in the status bar")
        try t.keys("Space", "Space", "Space")
        try t.wait(for: "step 3/280")
        // The server dies between chunks; playing on asks it for the next one.
        let port = server.port
        server.kill()
        try t.keys("p")
        screen = try t.wait(for: "✗ disconnected")
        #expect(screen.contains("step 10/280"), "the episode was not kept")
        #expect(screen.contains("paused, episode kept"))
        #expect(screen.contains("‖"), "still playing after the loss")
        // Still responsive: the view switches.
        try t.keys("v")
        try t.wait(for: "Scene · side")
        // The server comes back on the same port: play on reconnects and finishes.
        server = try ReferenceServer(["--policy", "demo", "--port", "\(port)"])
        try t.keys("p")
        screen = try t.wait(timeout: 60, "SUCCESS") { $0.contains("✓ SUCCESS") }
        #expect(screen.contains("● "))
    }
}
