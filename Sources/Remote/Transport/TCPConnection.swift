#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A blocking TCP connection where every operation has a deadline (poll(2) before
/// each read and write), so a dead or slow server turns into an error, never a hang.
/// Used from one thread at a time (the remote policy's own serial queue).
final class TCPConnection: @unchecked Sendable {
    let endpoint: String
    private var fd: Int32 = -1
    /// Bytes read but not consumed yet.
    private var buffer: [UInt8] = []
    private var bufferStart = 0
    private var scratch: [UInt8] = []

    /// Connects to host:port within `timeout` seconds.
    init(host: String, port: Int, timeout: Double) throws(RemoteError) {
        endpoint = "\(host):\(port)"
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &list)
        guard rc == 0, let first = list else {
            throw .connectFailed(endpoint: endpoint, reason: "cannot resolve host `\(host)` (\(String(cString: gai_strerror(rc))))")
        }
        defer { freeaddrinfo(list) }
        var lastError = "no address"
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        let deadline = Deadline(seconds: timeout)
        while let ai = candidate {
            candidate = ai.pointee.ai_next
            let s = socket(ai.pointee.ai_family, ai.pointee.ai_socktype, ai.pointee.ai_protocol)
            if s < 0 { lastError = String(cString: strerror(errno)); continue }
            _ = fcntl(s, F_SETFL, fcntl(s, F_GETFL) | O_NONBLOCK)
            if connect(s, ai.pointee.ai_addr, ai.pointee.ai_addrlen) == 0 || errno == EINPROGRESS {
                var pfd = pollfd(fd: s, events: Int16(POLLOUT), revents: 0)
                let ready = poll(&pfd, 1, deadline.milliseconds)
                var err: Int32 = 0
                var len = socklen_t(MemoryLayout<Int32>.size)
                if ready > 0, getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len) == 0, err == 0 {
                    var one: Int32 = 1
                    _ = setsockopt(s, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                    fd = s
                    return
                }
                lastError = ready == 0 ? "no answer within \(formatSeconds(timeout)) s" : String(cString: strerror(err != 0 ? err : errno))
            } else {
                lastError = String(cString: strerror(errno))
            }
            _ = systemClose(s)
        }
        throw .connectFailed(endpoint: endpoint, reason: lastError)
    }

    /// Wraps a socket that is already connected (one end of a socketpair in the fuzz
    /// targets and tests, which feed the readers bytes without a server). Takes ownership.
    init(connectedSocket s: Int32, endpoint: String) {
        self.endpoint = endpoint
        _ = fcntl(s, F_SETFL, fcntl(s, F_GETFL) | O_NONBLOCK)
        fd = s
    }

    deinit { close() }

    var isOpen: Bool { fd >= 0 }

    func close() {
        if fd >= 0 { _ = systemClose(fd); fd = -1 }
    }

    /// Writes everything or throws.
    func send(_ bytes: [UInt8], deadline: Deadline, what: String) throws(RemoteError) {
        var sent = 0
        while sent < bytes.count {
            guard fd >= 0 else { throw .closed(endpoint: endpoint, detail: "the connection is closed") }
            try wait(for: Int32(POLLOUT), deadline: deadline, what: what)
            let n = bytes.withUnsafeBytes { raw in
                systemSend(fd, raw.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL))
            }
            if n < 0 {
                if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                close()
                throw .closed(endpoint: endpoint, detail: "sending failed (\(reason))")
            }
            sent += n
        }
    }

    /// Exactly `count` bytes.
    func read(_ count: Int, deadline: Deadline, what: String) throws(RemoteError) -> [UInt8] {
        try fill(count, deadline: deadline, what: what)
        let out = Array(buffer[bufferStart..<(bufferStart + count)])
        consume(count)
        return out
    }

    /// Reads up to and including `terminator` (e.g. an HTTP header's blank line),
    /// refusing more than `limit` bytes.
    func read(until terminator: [UInt8], limit: Int, deadline: Deadline, what: String) throws(RemoteError) -> [UInt8] {
        var searchFrom = bufferStart
        while true {
            if let r = find(terminator, from: searchFrom) {
                let out = Array(buffer[bufferStart..<r])
                consume(r - bufferStart)
                return out
            }
            searchFrom = max(bufferStart, buffer.count - terminator.count + 1)
            guard buffer.count - bufferStart < limit else { throw .protocolViolation("\(what) is longer than \(limit) bytes") }
            try readMore(deadline: deadline, what: what)
        }
    }

    /// Whatever is left until the peer closes (HTTP bodies without a length).
    func readToEnd(limit: Int, deadline: Deadline, what: String) throws(RemoteError) -> [UInt8] {
        while true {
            guard buffer.count - bufferStart <= limit else { throw .oversized(bytes: buffer.count - bufferStart, limit: limit) }
            do { try readMore(deadline: deadline, what: what) } catch {
                if case .closed = error { break }
                throw error
            }
        }
        let out = Array(buffer[bufferStart...])
        consume(out.count)
        return out
    }

    private func find(_ needle: [UInt8], from: Int) -> Int? {
        guard buffer.count >= needle.count else { return nil }
        var i = max(from, bufferStart)
        while i + needle.count <= buffer.count {
            if buffer[i] == needle[0] && buffer[i..<(i + needle.count)].elementsEqual(needle) { return i + needle.count }
            i += 1
        }
        return nil
    }

    private func consume(_ n: Int) {
        bufferStart += n
        if bufferStart == buffer.count { buffer.removeAll(keepingCapacity: true); bufferStart = 0 }
        else if bufferStart > 1 << 20 { buffer.removeFirst(bufferStart); bufferStart = 0 }
    }

    private func fill(_ count: Int, deadline: Deadline, what: String) throws(RemoteError) {
        if buffer.count - bufferStart < count { buffer.reserveCapacity(bufferStart + count) }
        while buffer.count - bufferStart < count { try readMore(deadline: deadline, what: what, want: count - (buffer.count - bufferStart)) }
    }

    private func readMore(deadline: Deadline, what: String, want: Int = 65536) throws(RemoteError) {
        guard fd >= 0 else { throw .closed(endpoint: endpoint, detail: "the connection is closed") }
        try wait(for: Int32(POLLIN), deadline: deadline, what: what)
        // Into a reused scratch buffer, then one copy of what arrived (growing the
        // buffer by zero-filling first costs more than the network on big replies).
        let chunk = min(max(want, 65536), 4 << 20)
        if scratch.count < chunk { scratch = [UInt8](repeating: 0, count: chunk) }
        let n = scratch.withUnsafeMutableBytes { raw in recv(fd, raw.baseAddress!, chunk, 0) }
        if n <= 0 {
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) { return }
            let reason = n == 0 ? "the server ended the connection" : String(cString: strerror(errno))
            close()
            throw .closed(endpoint: endpoint, detail: "\(reason) while waiting for \(what)")
        }
        scratch.withUnsafeBufferPointer { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: $0[0..<n])) }
    }

    private func wait(for event: Int32, deadline: Deadline, what: String) throws(RemoteError) {
        while true {
            var pfd = pollfd(fd: fd, events: Int16(event), revents: 0)
            let ms = deadline.milliseconds
            let r = poll(&pfd, 1, ms)
            if r > 0 { return }
            if r < 0 && errno == EINTR { continue }
            if r == 0 || ms == 0 { throw .timedOut(endpoint: endpoint, what: what, seconds: deadline.seconds) }
            throw .closed(endpoint: endpoint, detail: String(cString: strerror(errno)))
        }
    }
}

private func systemClose(_ fd: Int32) -> Int32 {
    #if canImport(Glibc)
    return Glibc.close(fd)
    #elseif canImport(Musl)
    return Musl.close(fd)
    #else
    return Darwin.close(fd)
    #endif
}

private func systemSend(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int, _ flags: Int32) -> Int {
    #if canImport(Glibc)
    return Glibc.send(fd, p, n, flags)
    #elseif canImport(Musl)
    return Musl.send(fd, p, n, flags)
    #else
    return Darwin.send(fd, p, n, flags)
    #endif
}

/// A point in time an operation must finish by.
struct Deadline: Sendable {
    let seconds: Double
    let end: UInt64

    init(seconds: Double) {
        self.seconds = seconds
        end = DispatchTime.now().uptimeNanoseconds &+ UInt64(max(0, min(seconds, 1e6)) * 1e9)
    }

    /// Milliseconds left, for poll(2); 0 when passed.
    var milliseconds: Int32 {
        let now = DispatchTime.now().uptimeNanoseconds
        guard end > now else { return 0 }
        return Int32(min((end - now + 999_999) / 1_000_000, UInt64(Int32.max)))
    }
}
