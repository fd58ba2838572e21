import Foundation

// Shared by the test targets that need a real policy server process.

/// The repository root, from this file's place in Tests/RemoteTests/.

/// The vlaplay binary built beside the test bundle (.build/<config>/vlaplay), or in
/// the checkout's default build folders.
public func vlaplayBinary() -> String? {
    var dir = Bundle.main.bundleURL
    for _ in 0..<4 {
        let candidate = dir.appendingPathComponent("vlaplay").path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        dir = dir.deletingLastPathComponent()
    }
    for config in ["debug", "release"] {
        let candidate = repositoryRoot.path + "/.build/\(config)/vlaplay"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
}

/// Whether the reference server's virtual environment exists: suites that need it
/// are skipped with `remoteVenvMissing` as the stated reason when it does not.
public let remoteVenvAvailable = FileManager.default.isExecutableFile(atPath: repositoryRoot.appendingPathComponent(".venv-remote/bin/python").path)
public let remoteVenvMissing = ".venv-remote is missing: `make test` creates it from python/requirements-remote.txt (the reference server's Python)"

/// The Python with the reference server's pinned requirements (`make test` builds it).
public func remotePython() throws -> String {
    let path = repositoryRoot.appendingPathComponent(".venv-remote/bin/python").path
    guard FileManager.default.isExecutableFile(atPath: path) else {
        throw TestSetupError("\(path) is missing: run `make test` (it creates .venv-remote from python/requirements-remote.txt)")
    }
    return path
}

public struct TestSetupError: Error, CustomStringConvertible {
    public var description: String
    public init(_ d: String) { description = d }
}

/// `python -m vlaplay_server` as a real process on loopback, on a free port.
public final class ReferenceServer: @unchecked Sendable {
    public let process = Process()
    public let url: String
    public let port: Int
    private let stderrFile: URL
    private var stopped = false

    public init(_ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: try remotePython())
        process.arguments = ["-m", "vlaplay_server", "--port", "0"] + arguments
        var env = ProcessInfo.processInfo.environment
        env["PYTHONPATH"] = repositoryRoot.appendingPathComponent("python").path
        env["PYTHONUNBUFFERED"] = "1"
        env.removeValue(forKey: "VLAPLAY_API_KEY")
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        stderrFile = FileManager.default.temporaryDirectory.appendingPathComponent("vlaplay-server-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: stderrFile)
        try process.run()
        // Wait (bounded) for "vlaplay_server listening on ws://127.0.0.1:PORT".
        let reader = out.fileHandleForReading
        var text = ""
        let deadline = Date().addingTimeInterval(30)
        while !text.contains("\n") && Date() < deadline && process.isRunning {
            let chunk = reader.availableData
            if chunk.isEmpty { Thread.sleep(forTimeInterval: 0.02); continue }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard let line = text.split(separator: "\n").first(where: { $0.contains("listening on") }),
              let found = line.split(separator: " ").last else {
            process.terminate()
            throw TestSetupError("the reference server did not start: \(text) \((try? String(contentsOf: stderrFile, encoding: .utf8)) ?? "")")
        }
        url = String(found)
        let afterColon = url.split(separator: ":").last.map { $0.prefix { $0.isNumber } } ?? ""
        port = Int(afterColon) ?? 0
    }

    /// What the server logged (one line per request, errors).
    public var log: String { (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? "" }

    /// SIGKILL: the server vanishes without closing anything, as a crashed GPU box would.
    public func kill() {
        guard !stopped else { return }
        stopped = true
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    public func stop() {
        defer { try? FileManager.default.removeItem(at: stderrFile) }
        guard !stopped else { return }
        stopped = true
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    deinit { stop() }
}
