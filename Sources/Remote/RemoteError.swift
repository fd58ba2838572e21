import Spatial
import Foundation

/// Everything that can go wrong talking to a remote policy, each told so that the
/// user knows what happened, where, and what to try.
public enum RemoteError: Error, Sendable, Equatable, CustomStringConvertible {
    case badURL(String)
    /// Nothing listens there (ECONNREFUSED), or the host is unknown / unreachable.
    case connectFailed(endpoint: String, reason: String)
    case timedOut(endpoint: String, what: String, seconds: Double)
    /// The server closed the connection (or the TCP stream ended) when a reply was due.
    case closed(endpoint: String, detail: String)
    /// The server refused the websocket / HTTP handshake (status line and body).
    case handshakeRefused(endpoint: String, status: Int, body: String)
    /// A text frame (openpi's traceback) or an HTTP error body.
    case serverError(endpoint: String, message: String)
    case malformed(String)
    case protocolViolation(String)
    case oversized(bytes: Int, limit: Int)
    /// The reply decoded but its actions cannot be used (shape, NaN, missing).
    case badActions(String)

    /// What the user reads; server text in it (tracebacks, bodies) loses its control characters.
    public var description: String { printable(rawDescription) }

    private var rawDescription: String {
        switch self {
        case .badURL(let s): return s
        case .connectFailed(let e, let r):
            return "cannot connect to \(e): \(r). Is the policy server running? (e.g. `make serve` starts the reference server on port 8000)"
        case .timedOut(let e, let what, let s):
            return "\(e) did not answer \(what) within \(formatSeconds(s)) s; a slow model may need --timeout SECONDS"
        case .closed(let e, let d): return "\(e) closed the connection: \(d)"
        case .handshakeRefused(let e, let status, let body):
            let hint = status == 401 || status == 403 ? " (set the API key with --api-key or VLAPLAY_API_KEY)" : ""
            return "\(e) refused the connection: HTTP \(status)\(body.isEmpty ? "" : " — \(body.prefix(300))")\(hint)"
        case .serverError(let e, let m):
            return "the policy server at \(e) reported an error:\n\(m.count > 2000 ? String(m.suffix(2000)) : m)"
        case .malformed(let m): return "the server's reply is not valid: \(m)"
        case .protocolViolation(let m): return "the server broke the protocol: \(m)"
        case .oversized(let b, let l): return "refused a \(b)-byte frame: over the limit of \(l) bytes (--max-frame-mb)"
        case .badActions(let m): return "refused the server's actions: \(m)"
        }
    }

    /// Worth reconnecting after (the connection is gone), as opposed to a reply the
    /// server will send again.
    public var connectionLost: Bool {
        switch self {
        case .connectFailed, .closed, .timedOut, .serverError, .malformed, .oversized, .protocolViolation: return true
        case .badURL, .handshakeRefused, .badActions: return false
        }
    }
}

func formatSeconds(_ s: Double) -> String {
    s == s.rounded() ? numberText(s) : String(format: "%.1f", s)
}
