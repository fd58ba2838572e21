import Foundation
import TestSupport
import Testing

/// Issue 15's reproductions against the real binary: hostile servers as processes,
/// failed writes, hostile keys and URLs. Each failure exits non-zero and says why.
@Suite(.serialized) struct HostileInputCLITests {
    static let hugeAction = #"{"actions": [[1e16, 0, 0, 0, 0, 0, -1]]}"#

    @Test func runExitsNonZeroAfterAPolicyError() throws {
        let server = try HostileHTTPServer(body: Self.hugeAction)
        defer { server.stop() }
        let r = try runVlaplay(["run", "--scene", "libero_spatial", "--policy", server.url, "--retries", "0", "--every", "0"])
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("FAILURE after 0 steps"), "\(r.stdout)")
        #expect(r.stderr.contains("error: ") && r.stderr.contains("must lie within ±1000000"), "\(r.stderr)")
        let j = try runVlaplay(["run", "--scene", "libero_spatial", "--policy", server.url, "--retries", "0", "--json"])
        #expect(j.status == 1)
        let out = json(j.stdout) as? [String: Any]
        #expect((out?["policy_error"] as? String)?.contains("1e+16") == true, "\(j.stdout)")
    }

    @Test func evalAgainstAServerWhoseEveryReplyIsRefusedFailsAndSaysWhy() throws {
        let server = try HostileHTTPServer(body: Self.hugeAction)
        defer { server.stop() }
        let args = ["eval", "--scene", "libero_spatial", "--episodes", "1", "--policy", server.url, "--retries", "0"]
        let j = try runVlaplay(args + ["--json"])
        #expect(j.status == 1, "\(j.stderr)")
        let out = json(j.stdout) as? [String: Any]
        let tasks = out?["tasks"] as? [[String: Any]] ?? []
        #expect(!tasks.isEmpty && out?["policy_errors"] as? Int == tasks.count, "\(j.stdout)")
        #expect((tasks.first?["policy_error"] as? String)?.contains("must lie within") == true)
        let t = try runVlaplay(args)
        #expect(t.status == 1)
        #expect(t.stdout.contains("\(tasks.count) of \(tasks.count) episodes ended in a policy error"), "\(t.stdout)")
        #expect(t.stderr.contains("every episode ended in a policy error"), "\(t.stderr)")
    }

    @Test func controlCharactersAServerSendsAreNeverPrinted() throws {
        let server = try HostileHTTPServer(status: 500, body: "Traceback\u{1b}]2;pwned\u{07}\u{1b}[2J\u{9b}31m boom\r\nnext line")
        defer { server.stop() }
        let r = try runVlaplay(["run", "--scene", "libero_spatial", "--policy", server.url, "--retries", "0", "--every", "0"])
        #expect(r.status == 1)
        let all = r.stdout + r.stderr
        #expect(all.contains("boom"), "\(all)")
        #expect(!all.unicodeScalars.contains { $0.value == 0x1b || $0.value == 0x07 || $0.value == 0x9b || $0.value == 0x0d }, "\(all.debugDescription)")
    }

    @Test func writesToAFullDiskFailWithAClearError() throws {
        let log = try runVlaplay(["run", "--scene", "libero_spatial", "--max-steps", "3", "--every", "0", "--log", "/dev/full"])
        #expect(log.status == 1)
        #expect(log.stderr.contains("the episode log was not written") && log.stderr.contains("No space left on device"), "\(log.stderr)")
        #expect(!log.stdout.contains("log: /dev/full"))
        let png = try runVlaplay(["render", "--scene", "libero_spatial", "--camera", "agentview", "--png", "/dev/full"])
        #expect(png.status == 1)
        #expect(png.stderr.contains("No space left on device"), "\(png.stderr)")
    }

    @Test func keysAndURLsWithLineBreaksAreRefused() throws {
        let key = try runVlaplay(["run", "--scene", "libero_spatial", "--policy", "http://127.0.0.1:9/act", "--api-key", "k\r\nX-Evil: 1"])
        #expect(key.status != 0 && key.stderr.contains("line break"), "\(key.stderr)")
        let url = try runVlaplay(["run", "--scene", "libero_spatial", "--policy", "http://127.0.0.1:9/act\r\nX-Evil: 1"])
        #expect(url.status != 0 && url.stderr.contains("control characters"), "\(url.stderr)")
        let file = try runVlaplay(["run", "--scene", "libero_spatial", "--policy", "http://127.0.0.1:9/act", "--api-key-file", "/nonexistent/key"])
        #expect(file.status != 0 && file.stderr.contains("--api-key-file: cannot read"), "\(file.stderr)")
        let help = try runVlaplay(["help", "run"])
        #expect(help.stdout.contains("--api-key-file") && help.stdout.contains("VLAPLAY_API_KEY"))
    }

    /// Issue 15, item 5: a 100 KB word took 14.6 s to read; instructions are bounded now.
    @Test func longInstructionsAreReadQuicklyOrRefused() throws {
        let start = Date()
        let long = try runVlaplay(["read", "--scene", "libero_spatial", "put the " + String(repeating: "s", count: 100_000) + " in the bowl"])
        #expect(long.status == 1 && (long.stdout + long.stderr).contains("at most 2000 are read"), "\(long.stderr)")
        let word = try runVlaplay(["read", "--scene", "libero_spatial", "put the " + String(repeating: "s", count: 1_900)])
        #expect(word.status == 1, "refused: no such thing in the scene")
        #expect(Date().timeIntervalSince(start) < 20)
    }

    /// TERM=dumb drew one line of the playground; now it says what to do instead.
    @Test func aDumbTerminalGetsAClearMessage() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), let bin = vlaplayBinary() else { return }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        p.arguments = ["-qec", "\(bin) tui", "/dev/null"]   // a pseudo-terminal, as a user's shell has
        var env = ProcessInfo.processInfo.environment
        env["TERM"] = "dumb"
        p.environment = env
        p.currentDirectoryURL = URL(fileURLWithPath: repoRoot)
        let out = Pipe()
        p.standardOutput = out
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 1 && text.contains("TERM is `dumb`") && text.contains("vlaplay run"), "\(text)")
    }

    @Test func aFolderWithoutCardsIsNamedAsSuch() throws {
        let r = try runVlaplay(["run", "--scene", "libero_spatial", "--robots", "/"])
        #expect(r.status == 1 && r.stderr.contains("--robots: expected a folder of robot cards (NAME.yaml), found a folder without any"), "\(r.stderr)")
    }

    @Test func aNegativeSeedSaysWhatASeedIs() throws {
        let r = try runVlaplay(["run", "--scene", "libero_spatial", "--seed", "-1"])
        #expect(r.status == 64 && r.stderr.contains("--seed: expected a whole number from 0 to"), "\(r.stderr)")
        let ok = try runVlaplay(["run", "--scene", "libero_spatial", "--seed", "3", "--max-steps", "2", "--every", "0"])
        #expect(ok.status == 0, "\(ok.stderr)")
    }

    @Test func aURDFThatIsNotUTF8SaysSo() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vlaplay-latin1-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir + "/urdf", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.copyItem(atPath: repoRoot + "/Robots/widowx_250s.yaml", toPath: dir + "/widowx_250s.yaml")
        var bytes = Array(try String(contentsOfFile: repoRoot + "/Robots/urdf/widowx_250s.urdf", encoding: .utf8).utf8)
        bytes.insert(0xE9, at: bytes.count / 2)   // é in Latin-1: not UTF-8
        FileManager.default.createFile(atPath: dir + "/urdf/widowx_250s.urdf", contents: Data(bytes))
        let r = try runVlaplay(["check", dir + "/widowx_250s.yaml"])
        #expect(r.status == 1 && r.stderr.contains("not UTF-8"), "\(r.stderr)")
    }

    @Test func hostileNumbersAreRefusedByCheckAndNeverCrashRun() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vlaplay-hostile-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let scene = try String(contentsOfFile: repoRoot + "/Scenes/libero_spatial.yaml", encoding: .utf8)
        let file = dir + "/libero_spatial.yaml"
        try scene.replacingOccurrences(of: "radius: 0.08", with: "radius: 1e18").write(toFile: file, atomically: true, encoding: .utf8)
        #expect(scene.contains("radius: 0.08"))
        let r = try runVlaplay(["check", file])
        #expect(r.status == 1 && r.stderr.contains("radius: expected"), "\(r.stderr)")
        let run = try runVlaplay(["run", "--scenes", dir, "--scene", "libero_spatial", "--every", "0"])
        #expect(run.status == 1 && run.stderr.contains("radius: expected"), "the same validation: \(run.stderr)")
        let replay = dir + "/huge.json"
        try "[[1e16, 0, 0, 0, 0, 0, -1]]".write(toFile: replay, atomically: true, encoding: .utf8)
        let rp = try runVlaplay(["run", "--scene", "libero_spatial", "--policy", "replay:" + replay, "--every", "0"])
        #expect(rp.status == 1 && rp.stdout.contains("must lie within ±1000000"), "\(rp.stdout)\(rp.stderr)")
    }
}
