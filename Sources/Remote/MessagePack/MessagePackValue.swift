/// A msgpack value, complete for what openpi's protocol sends: nil, bool, integers,
/// floats, str, bin, arrays and maps (maps keep their order and allow any key type,
/// because openpi's arrays are maps whose keys are *bin*, not str). Extension types
/// decode to `.ext` so a reader can say what it found instead of failing blindly.
public enum MessagePackValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case float32(Float)
    case float64(Double)
    case string(String)
    case binary([UInt8])
    case array([MessagePackValue])
    case map([(MessagePackValue, MessagePackValue)])
    case ext(type: Int8, data: [UInt8])

    public static func == (a: MessagePackValue, b: MessagePackValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.int(x), .int(y)): return x == y
        case let (.uint(x), .uint(y)): return x == y
        case let (.int(x), .uint(y)), let (.uint(y), .int(x)): return x >= 0 && UInt64(x) == y
        case let (.float32(x), .float32(y)): return x == y || (x.isNaN && y.isNaN)
        case let (.float64(x), .float64(y)): return x == y || (x.isNaN && y.isNaN)
        case let (.string(x), .string(y)): return x == y
        case let (.binary(x), .binary(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.map(x), .map(y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case let (.ext(t1, d1), .ext(t2, d2)): return t1 == t2 && d1 == d2
        default: return false
        }
    }

    /// A map with str keys, in the given order.
    public static func stringMap(_ pairs: [(String, MessagePackValue)]) -> MessagePackValue {
        .map(pairs.map { (.string($0.0), $0.1) })
    }

    /// The value under a str key (or a bin key with the same UTF-8 bytes, as numpy
    /// array maps use), for maps.
    public subscript(key: String) -> MessagePackValue? {
        guard case .map(let pairs) = self else { return nil }
        let bytes = Array(key.utf8)
        for (k, v) in pairs {
            switch k {
            case .string(let s) where s == key: return v
            case .binary(let b) where b == bytes: return v
            default: continue
            }
        }
        return nil
    }

    /// Numbers as Double (ints, uints, floats), for reading timings and scalars.
    public var doubleValue: Double? {
        switch self {
        case .int(let v): return Double(v)
        case .uint(let v): return Double(v)
        case .float32(let v): return Double(v)
        case .float64(let v): return v
        default: return nil
        }
    }

    public var intValue: Int? {
        switch self {
        case .int(let v): return Int(exactly: v)
        case .uint(let v): return Int(exactly: v)
        default: return nil
        }
    }

    /// A short name of the kind, for error messages ("expected an array, found str").
    public var kindName: String {
        switch self {
        case .null: return "nil"
        case .bool: return "bool"
        case .int, .uint: return "int"
        case .float32: return "float32"
        case .float64: return "float64"
        case .string: return "str"
        case .binary(let b): return "bin (\(b.count) bytes)"
        case .array(let a): return "array of \(a.count)"
        case .map(let m): return "map of \(m.count)"
        case .ext(let t, _): return "ext type \(t)"
        }
    }

    /// The key as text, for messages and lookups (str or UTF-8 bin).
    public var keyText: String? {
        switch self {
        case .string(let s): return s
        case .binary(let b): return String(decoding: b, as: UTF8.self)
        default: return nil
        }
    }
}
