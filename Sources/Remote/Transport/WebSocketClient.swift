import Foundation

/// What a websocket read returns: a whole message.
enum WebSocketMessage: Sendable, Equatable {
    case binary([UInt8])
    case text(String)
}

/// A minimal RFC 6455 client over `TCPConnection`: the HTTP upgrade, masked binary
/// frames out, fragmented messages in, ping/pong and the closing handshake. No
/// extensions (openpi serves with compression=None) and no TLS. Each read and write
/// has a deadline, and declared frame lengths are checked against `maxMessageBytes`
/// before a byte of payload is read, so a server cannot make the client hang or
/// allocate without bound.
final class WebSocketClient: @unchecked Sendable {
    let endpoint: Endpoint
    let maxMessageBytes: Int
    private let connection: TCPConnection
    private(set) var closeCode: UInt16?

    /// Opens the TCP connection and performs the upgrade handshake.
    init(_ endpoint: Endpoint, headers: [(String, String)], connectTimeout: Double, maxMessageBytes: Int) throws(RemoteError) {
        self.endpoint = endpoint
        self.maxMessageBytes = maxMessageBytes
        connection = try TCPConnection(host: endpoint.host, port: endpoint.port, timeout: connectTimeout)
        try handshake(headers: headers, deadline: Deadline(seconds: connectTimeout))
    }

    /// Over a connection whose upgrade is already done: frames only (the fuzz target
    /// for the frame reader feeds `receive` bytes through a socketpair).
    init(upgraded connection: TCPConnection, endpoint: Endpoint, maxMessageBytes: Int) {
        self.endpoint = endpoint
        self.maxMessageBytes = maxMessageBytes
        self.connection = connection
    }

    var isOpen: Bool { connection.isOpen && closeCode == nil }

    private func handshake(headers: [(String, String)], deadline: Deadline) throws(RemoteError) {
        var nonce = [UInt8](repeating: 0, count: 16)
        var rng = SystemRandomNumberGenerator()
        for i in nonce.indices { nonce[i] = UInt8.random(in: 0...255, using: &rng) }
        let key = Data(nonce).base64EncodedString()
        let defaultPort = endpoint.port == 80
        var request = "GET \(endpoint.path) HTTP/1.1\r\n"
        request += "Host: \(endpoint.hostForURL)\(defaultPort ? "" : ":\(endpoint.port)")\r\n"
        request += "Upgrade: websocket\r\nConnection: Upgrade\r\n"
        request += "Sec-WebSocket-Key: \(key)\r\nSec-WebSocket-Version: 13\r\n"
        request += "User-Agent: vlaplay/\(remoteClientVersion)\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        request += "\r\n"
        try connection.send(Array(request.utf8), deadline: deadline, what: "the websocket handshake")
        let head = try connection.read(until: Array("\r\n\r\n".utf8), limit: 16 << 10, deadline: deadline, what: "the websocket handshake reply")
        let response = try HTTPResponseHead(parsing: head, endpoint: endpoint.description)
        guard response.status == 101 else {
            // Read a short body so the user sees why (e.g. 401 "missing API key").
            var body = ""
            if let n = response.contentLength, n > 0, n <= 64 << 10,
               let bytes = try? connection.read(n, deadline: Deadline(seconds: 1), what: "the refusal's body") {
                body = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            connection.close()
            throw .handshakeRefused(endpoint: endpoint.description, status: response.status, body: body.isEmpty ? response.reason : body)
        }
        let expected = Data(SHA1.digest(Array((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").utf8))).base64EncodedString()
        guard response.header("sec-websocket-accept") == expected else {
            connection.close()
            throw .protocolViolation("the websocket handshake's Sec-WebSocket-Accept is wrong (is \(endpoint) a websocket server?)")
        }
    }

    /// Sends one binary message as a single masked frame.
    func send(binary payload: [UInt8], deadline: Deadline) throws(RemoteError) {
        try sendFrame(opcode: 0x2, payload: payload, deadline: deadline)
    }

    /// Reads the next data message, answering pings on the way. A close frame
    /// becomes `.closed` with the server's code and reason.
    func receive(deadline: Deadline, what: String) throws(RemoteError) -> WebSocketMessage {
        var assembled: [UInt8] = []
        var messageOpcode: UInt8?
        while true {
            let head = try connection.read(2, deadline: deadline, what: what)
            let fin = head[0] & 0x80 != 0
            let opcode = head[0] & 0x0f
            guard head[0] & 0x70 == 0 else { throw fail(.protocolViolation("a frame has reserved bits set (no extensions were negotiated)")) }
            guard head[1] & 0x80 == 0 else { throw fail(.protocolViolation("the server masked a frame (servers must not)")) }
            var length = UInt64(head[1] & 0x7f)
            if length == 126 { length = bigEndian(try connection.read(2, deadline: deadline, what: what)) }
            else if length == 127 { length = bigEndian(try connection.read(8, deadline: deadline, what: what)) }
            let isControl = opcode & 0x8 != 0
            if isControl {
                guard fin, length <= 125 else { throw fail(.protocolViolation("a control frame is fragmented or longer than 125 bytes")) }
            } else {
                // A declared length near 2^64 must not overflow the sum: compare without adding.
                let (total, overflow) = UInt64(assembled.count).addingReportingOverflow(length)
                guard !overflow, total <= UInt64(maxMessageBytes) else {
                    throw fail(.oversized(bytes: overflow ? Int.max : Int(clamping: total), limit: maxMessageBytes))
                }
            }
            let payload = try connection.read(Int(length), deadline: deadline, what: what)
            switch opcode {
            case 0x0:
                guard messageOpcode != nil else { throw fail(.protocolViolation("a continuation frame arrived without a first frame")) }
                assembled += payload
            case 0x1, 0x2:
                guard messageOpcode == nil else { throw fail(.protocolViolation("a new message began before the previous one ended")) }
                messageOpcode = opcode
                assembled = payload
            case 0x8:
                let code = payload.count >= 2 ? UInt16(payload[0]) << 8 | UInt16(payload[1]) : 1005
                let reason = payload.count > 2 ? String(decoding: payload[2...], as: UTF8.self) : ""
                closeCode = code
                try? sendFrame(opcode: 0x8, payload: Array(payload.prefix(2)), deadline: Deadline(seconds: 0.5))
                connection.close()
                throw .closed(endpoint: endpoint.description, detail: "close code \(code)\(reason.isEmpty ? "" : " (\(reason))")")
            case 0x9:
                try sendFrame(opcode: 0xA, payload: payload, deadline: deadline)
                continue
            case 0xA:
                continue
            default:
                throw fail(.protocolViolation("unknown websocket opcode \(opcode)"))
            }
            if fin, let op = messageOpcode {
                if op == 0x1 {
                    guard let text = String(validating: assembled, as: UTF8.self) else { throw fail(.protocolViolation("a text frame is not UTF-8")) }
                    return .text(text)
                }
                return .binary(assembled)
            }
        }
    }

    /// Says goodbye politely (close code 1000), without waiting long for the echo.
    func close() {
        guard connection.isOpen else { return }
        if closeCode == nil {
            closeCode = 1000
            try? sendFrame(opcode: 0x8, payload: [0x03, 0xe8], deadline: Deadline(seconds: 0.2))
        }
        connection.close()
    }

    private func fail(_ e: RemoteError) -> RemoteError {
        connection.close()
        return e
    }

    private func sendFrame(opcode: UInt8, payload: [UInt8], deadline: Deadline) throws(RemoteError) {
        var frame: [UInt8] = []
        frame.reserveCapacity(payload.count + 14)
        frame.append(0x80 | opcode)
        let n = payload.count
        if n <= 125 { frame.append(0x80 | UInt8(n)) }
        else if n <= 0xffff { frame.append(0x80 | 126); frame.append(UInt8(n >> 8)); frame.append(UInt8(n & 0xff)) }
        else {
            frame.append(0x80 | 127)
            for i in stride(from: 56, through: 0, by: -8) { frame.append(UInt8(truncatingIfNeeded: UInt64(n) >> UInt64(i))) }
        }
        var rng = SystemRandomNumberGenerator()
        let mask = UInt32.random(in: 0...UInt32.max, using: &rng)
        let maskBytes = withUnsafeBytes(of: mask) { Array($0) }
        frame += maskBytes
        let start = frame.count
        frame += payload
        WebSocketClient.applyMask(&frame, from: start, mask: maskBytes)
        try connection.send(frame, deadline: deadline, what: "sending to the server")
    }

    /// XORs the payload with the 4-byte mask, eight bytes at a time (images are
    /// hundreds of kilobytes per request).
    static func applyMask(_ bytes: inout [UInt8], from start: Int, mask: [UInt8]) {
        let n = bytes.count - start
        guard n > 0 else { return }
        var m8: UInt64 = 0
        withUnsafeMutableBytes(of: &m8) { raw in for i in 0..<8 { raw[i] = mask[i % 4] } }
        bytes.withUnsafeMutableBytes { raw in
            let base = raw.baseAddress! + start
            var i = 0
            while i + 8 <= n {
                let v = base.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ m8
                base.storeBytes(of: v, toByteOffset: i, as: UInt64.self)
                i += 8
            }
            while i < n { raw[start + i] ^= mask[i % 4]; i += 1 }
        }
    }

    private func bigEndian(_ bytes: [UInt8]) -> UInt64 { bytes.reduce(0) { $0 << 8 | UInt64($1) } }
}

let remoteClientVersion = "0.1.0"
