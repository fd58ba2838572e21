import Foundation
import TestSupport
import Testing

/// `vlaplay eval --policy ws://a,ws://b`: a pool of two reference servers as real
/// processes, one SIGKILLed mid-run (docs/SCALE.md). Every episode completes on the
/// survivor, the report equals a run that lost no server, and the summary shows the drop.
@Suite(.serialized, .enabled(if: remoteVenvAvailable, Comment(rawValue: remoteVenvMissing))) struct PoolCLITests {
    static let batch = ["eval", "--scene", "libero_object", "--episodes", "1", "--jobs", "2", "--json"]

    @Test func aServerKilledMidRunLeavesTheRotationAndEveryEpisodeCompletes() throws {
        // Slow replies (0.1 s each) keep the run going long enough to kill one server in it.
        let a = try ReferenceServer(["--policy", "demo", "--fault", "slow=0.1"])
        let b = try ReferenceServer(["--policy", "demo", "--fault", "slow=0.1"])
        defer { a.stop(); b.stop() }
        guard let bin = vlaplayBinary() else { throw TestSetupError("vlaplay is not built") }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: bin)
        p.arguments = Self.batch + ["--policy", "\(a.url),\(b.url)"]
        p.currentDirectoryURL = repositoryRoot
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // Kill a once it has answered a few requests (bounded wait).
        let deadline = Date().addingTimeInterval(60)
        while a.log.components(separatedBy: " request ").count - 1 < 3 && Date() < deadline && p.isRunning { Thread.sleep(forTimeInterval: 0.05) }
        #expect(p.isRunning, "the run ended before the server could be killed")
        a.kill()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(stderr)")
        let report = json(stdout) as? [String: Any] ?? [:]
        let episodes = report["episodes"] as? [[String: Any]] ?? []
        #expect(episodes.count == 10, "every episode of libero_object's 10 tasks completes")
        #expect(episodes.allSatisfy { $0["refused"] == nil }, "\(episodes)")
        let servers = report["servers"] as? [[String: Any]] ?? []
        #expect(servers.map { $0["server"] as? String } == [a.url, b.url])
        let killed = servers.first ?? [:], survivor = servers.last ?? [:]
        #expect((killed["dropped"] as? String)?.contains(String(a.port)) == true, "\(killed)")
        #expect(survivor["dropped"] == nil && (survivor["requests"] as? Int ?? 0) > 0, "\(survivor)")
        #expect((killed["episodes_moved"] as? Int ?? 0) >= 1, "\(killed)")
        #expect((killed["episodes"] as? Int ?? 0) + (survivor["episodes"] as? Int ?? 0) == 10)
        #expect((survivor["latency_ms_mean"] as? Double ?? 0) >= 100, "slow=0.1 shows in the latency")

        // The same results as a run on one server that never dropped: a moved episode starts over.
        let calm = try runVlaplay(Self.batch + ["--policy", b.url])
        #expect(calm.status == 0, "\(calm.stderr)")
        let calmReport = json(calm.stdout) as? [String: Any] ?? [:]
        let canonical = { (v: Any) in String(decoding: (try? JSONSerialization.data(withJSONObject: v, options: [.sortedKeys])) ?? Data(), as: UTF8.self) }
        #expect(canonical(calmReport["episodes"] ?? []) == canonical(episodes))
        #expect(calmReport["servers"] == nil)
    }

    @Test func aPoolOfNonURLsIsExplained() throws {
        let r = try runVlaplay(["eval", "--scene", "libero_object", "--policy", "ws://127.0.0.1:9,expert"])
        #expect(r.status == 1 && r.stderr.contains("a pool is policy server URLs separated by commas"), "\(r.stderr)")
    }
}
