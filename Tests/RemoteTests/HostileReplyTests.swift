import Foundation
import Policy
import TestSupport
import Testing
@testable import Remote

/// Replies that declare absurd sizes (issue 15, item 3): a refusal with a message,
/// never an arithmetic trap. A one-shot raw TCP server (python3, no packages) sends
/// exactly the bytes under test.
@Suite(.serialized) struct HostileReplyTests {
    /// Starts a server that answers one connection with `reply` and closes; returns its port.
    func rawServer(_ reply: String) throws -> (Process, Int) {
        let script = """
        import socket, sys
        s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", 0)); s.listen(1)
        print(s.getsockname()[1], flush=True)
        c, _ = s.accept(); c.settimeout(5)
        try:
            c.recv(65536)
        except Exception:
            pass
        c.sendall(sys.argv[1].encode("latin-1").decode("unicode_escape").encode("latin-1")); c.close()
        """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, reply]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let line = String(decoding: out.fileHandleForReading.availableData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return (p, Int(line) ?? 0)
    }

    func message(for reply: String) async throws -> String {
        let (server, port) = try rawServer(reply)
        defer { server.terminate() }
        let (request, robot, _) = try pandaRequest()
        let policy = try HTTPPolicy(Endpoint(parsing: "http://127.0.0.1:\(port)/act"), robot: robot, cameras: [], options: RemoteOptions(timeout: 5, retries: 0))
        return await failure { try await policy.act(request) }
    }

    /// Issue 15, item 9: [16M, 1] inside a 64 MiB frame built 1.19 GB of rows before the
    /// horizon check; the shape is checked first now.
    @Test func aHugeChunkIsRefusedBeforeItsRowsAreBuilt() throws {
        let (_, robot, _) = try pandaRequest()
        let tall = NumpyArray(dtype: .float32, shape: [16_000_000, 1], data: [UInt8](repeating: 0, count: 64_000_000))
        let start = Date()
        #expect(throws: RemoteError.badActions("the chunk has 16000000 actions, over the limit of 10000")) {
            _ = try ActionReply.read(tall.messagePack, robot: robot)
        }
        let wide = NumpyArray(dtype: .float32, shape: [1, 2_000_000], data: [UInt8](repeating: 0, count: 8_000_000))
        #expect(throws: RemoteError.badActions("each action has 2000000 numbers, over the limit of 1024")) {
            _ = try ActionReply.read(wide.messagePack, robot: robot)
        }
        #expect(Date().timeIntervalSince(start) < 5, "refused without building rows")
    }

    @Test func aNegativeContentLengthIsRefused() async throws {
        let m = try await message(for: "HTTP/1.1 200 OK\\r\\nContent-Length: -1\\r\\n\\r\\n{}")
        #expect(m.contains("negative Content-Length"), "\(m)")
    }

    @Test func aJSONNumpyShapeWhoseProductOverflowsIsRefusedWithoutATrap() throws {
        for shape in ["[4611686018427387904, 4]", "[-1, 0]", "[3037000500, 3037000500, 0]"] {
            let text = #"{"__numpy__": "", "dtype": "<f4", "shape": "# + shape + "}"
            let json = try JSONSerialization.jsonObject(with: Data(text.utf8))
            #expect(throws: RemoteError.self) { try JSONBridge.value(json) }
        }
    }

    @Test func aChunkSizeNearIntMaxIsRefusedWithoutOverflow() async throws {
        let m = try await message(for: "HTTP/1.1 200 OK\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n2\\r\\n{}\\r\\n7fffffffffffffff\\r\\n")
        #expect(m.lowercased().contains("larger") || m.lowercased().contains("limit") || m.contains("MB"), "\(m)")
    }
}
