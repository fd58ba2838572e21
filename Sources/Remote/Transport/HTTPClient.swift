import Foundation

/// An HTTP/1.1 response's status line and headers.
struct HTTPResponseHead: Sendable {
    var status: Int
    var reason: String
    var headers: [(String, String)]

    init(parsing bytes: [UInt8], endpoint: String) throws(RemoteError) {
        let text = String(decoding: bytes, as: UTF8.self)
        var lines = text.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let code = Int(parts[1]) else {
            throw .protocolViolation("\(endpoint) did not answer with HTTP (first line: `\(statusLine.prefix(80))`)")
        }
        status = code
        reason = parts.count > 2 ? String(parts[2]) : ""
        headers = lines.compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (line[..<colon].trimmingCharacters(in: .whitespaces).lowercased(), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
    }

    func header(_ name: String) -> String? { headers.first { $0.0 == name }?.1 }
    var contentLength: Int? { header("content-length").flatMap { Int($0) } }
}

/// One `POST` with a JSON body and its reply, on a fresh connection (OpenVLA's and
/// X-VLA's servers are plain FastAPI / Flask apps; one request per step is cheap
/// next to inference).
enum HTTPClient {
    struct Reply: Sendable { var status: Int; var body: [UInt8] }

    static func post(_ endpoint: Endpoint, body: [UInt8], headers: [(String, String)], timeout: Double, maxBytes: Int) throws(RemoteError) -> Reply {
        let deadline = Deadline(seconds: timeout)
        let connection = try TCPConnection(host: endpoint.host, port: endpoint.port, timeout: min(timeout, 10))
        defer { connection.close() }
        var head = "POST \(endpoint.path) HTTP/1.1\r\nHost: \(endpoint.hostForURL):\(endpoint.port)\r\n"
        head += "Content-Type: application/json\r\nAccept: application/json\r\nContent-Length: \(body.count)\r\n"
        head += "User-Agent: vlaplay/\(remoteClientVersion)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        try connection.send(Array(head.utf8) + body, deadline: deadline, what: "sending the request")
        return try readReply(connection, endpoint: endpoint.description, deadline: deadline, maxBytes: maxBytes)
    }

    /// The status line, headers and body of one reply: Content-Length, chunked, or up to
    /// the close. Everything here comes from the server (the fuzz target calls this).
    static func readReply(_ connection: TCPConnection, endpoint: String, deadline: Deadline, maxBytes: Int) throws(RemoteError) -> Reply {
        let headBytes = try connection.read(until: Array("\r\n\r\n".utf8), limit: 64 << 10, deadline: deadline, what: "the reply")
        let response = try HTTPResponseHead(parsing: headBytes, endpoint: endpoint)
        let bodyBytes: [UInt8]
        if let n = response.contentLength {
            guard n >= 0 else { throw .protocolViolation("a negative Content-Length (\(n)) in the reply") }
            guard n <= maxBytes else { throw .oversized(bytes: n, limit: maxBytes) }
            bodyBytes = try connection.read(n, deadline: deadline, what: "the reply's body")
        } else if response.header("transfer-encoding")?.lowercased().contains("chunked") == true {
            bodyBytes = try readChunked(connection, deadline: deadline, maxBytes: maxBytes)
        } else {
            bodyBytes = try connection.readToEnd(limit: maxBytes, deadline: deadline, what: "the reply's body")
        }
        return Reply(status: response.status, body: bodyBytes)
    }

    private static func readChunked(_ c: TCPConnection, deadline: Deadline, maxBytes: Int) throws(RemoteError) -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let line = try c.read(until: Array("\r\n".utf8), limit: 1024, deadline: deadline, what: "a chunk size")
            let sizeText = String(decoding: line.dropLast(2), as: UTF8.self).split(separator: ";").first.map(String.init) ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16), size >= 0 else {
                throw .protocolViolation("bad chunk size `\(sizeText)` in a chunked reply")
            }
            if size == 0 { _ = try? c.read(until: Array("\r\n".utf8), limit: 1024, deadline: deadline, what: "the last chunk"); return body }
            // A size near Int.max must not overflow the sum: compare without adding.
            guard size <= maxBytes - body.count else { throw .oversized(bytes: size > Int.max - body.count ? Int.max : body.count + size, limit: maxBytes) }
            body += try c.read(size, deadline: deadline, what: "a chunk")
            _ = try c.read(2, deadline: deadline, what: "a chunk's end")
        }
    }
}
