/// A parsed `ws://host:port/path` or `http://host:port/path`.
public struct Endpoint: Sendable, Equatable, CustomStringConvertible {
    public enum Scheme: String, Sendable { case ws, http }
    public var scheme: Scheme
    public var host: String
    public var port: Int
    public var path: String

    public var description: String { "\(scheme.rawValue)://\(hostForURL):\(port)\(path == "/" ? "" : path)" }
    var hostForURL: String { host.contains(":") ? "[\(host)]" : host }

    /// Reads a policy URL; the error says what form is expected.
    public init(parsing text: String) throws(RemoteError) {
        let forms = "expected ws://HOST:PORT (openpi websocket) or http://HOST:PORT/act (HTTP JSON)"
        // A CR/LF in the path would be copied into the request line as extra headers.
        guard !text.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) else {
            throw .badURL("`\(printable(text))`: a policy URL holds no spaces, line breaks or other control characters")
        }
        let lower = text.lowercased()
        let rest: Substring
        if lower.hasPrefix("ws://") { scheme = .ws; rest = text.dropFirst(5) }
        else if lower.hasPrefix("http://") { scheme = .http; rest = text.dropFirst(7) }
        else if lower.hasPrefix("wss://") || lower.hasPrefix("https://") {
            throw .badURL("`\(text)`: TLS (wss://, https://) is not supported; reach the server through an SSH tunnel (ssh -L 8000:localhost:8000 HOST) and use ws://127.0.0.1:8000")
        } else { throw .badURL("`\(text)` is not a policy URL: \(forms)") }
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<slash]
        path = slash == rest.endIndex ? (scheme == .http ? "/act" : "/") : String(rest[slash...])
        var hostPart = Substring(authority), portPart: Substring?
        if authority.hasPrefix("[") {   // [IPv6]:port
            guard let close = authority.firstIndex(of: "]") else { throw .badURL("`\(text)`: unclosed `[` in the host") }
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") { portPart = after.dropFirst() }
        } else if let colon = authority.lastIndex(of: ":") {
            hostPart = authority[..<colon]; portPart = authority[authority.index(after: colon)...]
        }
        guard !hostPart.isEmpty else { throw .badURL("`\(text)` has no host: \(forms)") }
        host = String(hostPart)
        if let p = portPart {
            guard let n = Int(p), (1...65535).contains(n) else { throw .badURL("`\(text)`: port `\(p)` is not a number from 1 to 65535") }
            port = n
        } else {
            port = scheme == .ws ? 8000 : 80   // openpi's default port
        }
    }
}
