#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One end of a connected socket pair from which `bytes` can be read, then end-of-stream:
/// the network readers (websocket frames, HTTP replies) read a fuzz input as if a server
/// had sent it and closed. The writing end is closed; the client's own writes (pong,
/// close echo) then fail with EPIPE, which the readers send with MSG_NOSIGNAL.
/// Inputs must fit the socket buffer (libFuzzer's -max_len keeps them far below it).
public func socketFeeding(_ bytes: [UInt8]) -> Int32? {
    var fds: [Int32] = [-1, -1]
    #if canImport(Glibc)
    let kind = Int32(SOCK_STREAM.rawValue)
    #else
    let kind = SOCK_STREAM
    #endif
    guard socketpair(AF_UNIX, kind, 0, &fds) == 0 else { return nil }
    var sent = 0
    while sent < bytes.count {
        let n = bytes.withUnsafeBytes { write(fds[1], $0.baseAddress! + sent, bytes.count - sent) }
        if n <= 0 { break }
        sent += n
    }
    close(fds[1])
    return fds[0]
}
