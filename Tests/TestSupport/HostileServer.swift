import Foundation

/// A hostile HTTP policy server as a real process (python3, no packages): it answers
/// every request on every connection with the same status and body, whatever was
/// asked. Issue 15's reproductions (refused replies, escape sequences in errors,
/// huge numbers) run the real binary against it.
public final class HostileHTTPServer: @unchecked Sendable {
    public let process = Process()
    public let port: Int
    public var url: String { "http://127.0.0.1:\(port)/act" }

    /// `body` is sent as is (latin-1 bytes, so escape characters travel).
    public init(status: Int = 200, body: String) throws {
        let script = """
        import socket, sys, threading
        status, body = int(sys.argv[1]), sys.argv[2].encode("latin-1")
        s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", 0)); s.listen(16)
        print(s.getsockname()[1], flush=True)
        def serve(c):
            c.settimeout(10)
            try:
                while True:
                    data = b""
                    while b"\\r\\n\\r\\n" not in data:
                        chunk = c.recv(65536)
                        if not chunk: return
                        data += chunk
                    head, _, rest = data.partition(b"\\r\\n\\r\\n")
                    length = 0
                    for line in head.split(b"\\r\\n"):
                        if line.lower().startswith(b"content-length:"): length = int(line.split(b":")[1])
                    while len(rest) < length:
                        chunk = c.recv(65536)
                        if not chunk: return
                        rest += chunk
                    c.sendall(b"HTTP/1.1 %d X\\r\\nContent-Type: application/json\\r\\nContent-Length: %d\\r\\n\\r\\n" % (status, len(body)) + body)
            except Exception:
                pass
            finally:
                c.close()
        while True:
            c, _ = s.accept()
            threading.Thread(target=serve, args=(c,), daemon=True).start()
        """
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, String(status), body]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let line = String(decoding: out.fileHandleForReading.availableData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let p = Int(line) else { process.terminate(); throw TestSetupError("the hostile server did not start: \(line)") }
        port = p
    }

    /// SIGKILL: a test process may pass SIGTERM on as ignored, and this script has no handler.
    public func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit { stop() }
}
