/// msgpack values as short one-line text, for status lines ("{policy: demo, action_horizon: 10}").
public enum MetadataText {
    public static func summary(_ v: MessagePackValue, limit: Int = 160) -> String {
        let text = printable(render(v, depth: 0))
        return text.count > limit ? String(text.prefix(limit - 1)) + "…" : text
    }

    static func render(_ v: MessagePackValue, depth: Int) -> String {
        if let a = try? NumpyArray.from(v) { return "\(a.dtype.rawValue)\(a.shape)" }
        switch v {
        case .null: return "nil"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return "\(i)"
        case .uint(let u): return "\(u)"
        case .float32(let f): return "\(f)"
        case .float64(let d): return "\(d)"
        case .string(let s): return s.count > 40 ? String(s.prefix(39)) + "…" : s
        case .binary(let b): return "bin(\(b.count))"
        case .ext(let t, let d): return "ext\(t)(\(d.count))"
        case .array(let items):
            guard depth < 3 else { return "[…]" }
            return "[" + items.prefix(8).map { render($0, depth: depth + 1) }.joined(separator: ", ") + (items.count > 8 ? ", …" : "") + "]"
        case .map(let pairs):
            guard depth < 3 else { return "{…}" }
            return "{" + pairs.map { "\($0.0.keyText ?? render($0.0, depth: depth + 1)): \(render($0.1, depth: depth + 1))" }.joined(separator: ", ") + "}"
        }
    }
}
