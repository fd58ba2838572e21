import Foundation
import TestSupport
import Testing

/// `vlaplay run` / `eval` with `--policy ws://…` against the reference server's demo
/// policy as a real process: the remote path end to end, as a user runs it.
@Suite(.serialized, .enabled(if: remoteVenvAvailable, Comment(rawValue: remoteVenvMissing))) struct RemoteCLITests {
    @Test func runCompletesAnEpisodeWithTheDemoPolicy() throws {
        let server = try ReferenceServer(["--policy", "demo"])
        defer { server.stop() }
        let r = try runVlaplay(["run", "--scene", "libero_object", "--task", "3", "--policy", server.url, "--every", "0"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("connected to \(server.url); metadata: {policy: demo"), "\(r.stdout)")
        #expect(r.stdout.contains("observation (libero): observation/image, observation/wrist_image, observation/state, prompt"))
        #expect(r.stdout.contains("SUCCESS after") && r.stdout.contains("in(tomato_sauce, basket)"), "\(r.stdout)")
        #expect(r.stdout.contains("remote: ") && r.stdout.contains("round trip median"))
        let summary = try runVlaplay(["run", "--scene", "libero_object", "--policy", server.url, "--json"])
        let out = json(summary.stdout) as? [String: Any]
        #expect(out?["success"] as? Bool == true, "\(summary.stdout)")
    }

    @Test func aDeadServerFailsBeforeTheEpisodeWithTheFix() throws {
        let r = try runVlaplay(["run", "--scene", "libero_object", "--policy", "ws://127.0.0.1:9", "--retries", "0"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("cannot connect to 127.0.0.1:9") && r.stderr.contains("make serve"), "\(r.stderr)")
    }

    @Test func aServerErrorMidEpisodeEndsItWithTheTracebackAndKeepsTheLog() throws {
        let server = try ReferenceServer(["--policy", "demo", "--fault", "error_after=2"])
        defer { server.stop() }
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("vlaplay-remote-\(getpid()).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        let r = try runVlaplay(["run", "--scene", "libero_object", "--policy", server.url, "--retries", "0", "--log", log, "--every", "0"])
        #expect(r.stdout.contains("FAILURE after 20 steps: policy error:") && r.stdout.contains("Traceback"), "\(r.stdout)")
        #expect(r.status == 1 && r.stderr.contains("error: policy error:"), "a policy error is not a result (issue 15): \(r.stderr)")
        let lines = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n")
        #expect(lines.count == 22, "header + 20 steps + footer")
        #expect(lines.last?.contains("\"footer\"") == true)
    }

    @Test func badFlagsAreExplained() throws {
        let r = try runVlaplay(["run", "--scene", "libero_object", "--policy", "ws://127.0.0.1:8000", "--obs-preset", "openpi"])
        #expect(r.status != 0 && r.stderr.contains("--obs-preset: expected one of libero, aloha, lerobot, qwen"), "\(r.stderr)")
        let key = try runVlaplay(["run", "--scene", "libero_object", "--policy", "ws://127.0.0.1:8000", "--obs-key", "state=joints"])
        #expect(key.status != 0 && key.stderr.contains("unknown source `joints`"), "\(key.stderr)")
        let tls = try runVlaplay(["run", "--scene", "libero_object", "--policy", "wss://gpu:8000"])
        #expect(tls.stderr.contains("SSH tunnel"), "\(tls.stderr)")
    }
}
