/// Writes msgpack (the spec's smallest encodings, as Python's msgpack does, so
/// bytes from both sides compare equal).
public enum MessagePackEncoder {
    public static func encode(_ value: MessagePackValue) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(estimatedSize(value))
        append(value, to: &out)
        return out
    }

    public static func append(_ value: MessagePackValue, to out: inout [UInt8]) {
        switch value {
        case .null: out.append(0xc0)
        case .bool(let b): out.append(b ? 0xc3 : 0xc2)
        case .int(let v):
            if v >= 0 { appendUnsigned(UInt64(v), to: &out) } else { appendSigned(v, to: &out) }
        case .uint(let v): appendUnsigned(v, to: &out)
        case .float32(let f): out.append(0xca); appendBigEndian(UInt64(f.bitPattern), bytes: 4, to: &out)
        case .float64(let d): out.append(0xcb); appendBigEndian(d.bitPattern, bytes: 8, to: &out)
        case .string(let s):
            let utf8 = Array(s.utf8)
            let n = utf8.count
            if n < 32 { out.append(0xa0 | UInt8(n)) }
            else if n <= 0xff { out.append(0xd9); out.append(UInt8(n)) }
            else if n <= 0xffff { out.append(0xda); appendBigEndian(UInt64(n), bytes: 2, to: &out) }
            else { out.append(0xdb); appendBigEndian(UInt64(n), bytes: 4, to: &out) }
            out.append(contentsOf: utf8)
        case .binary(let b):
            let n = b.count
            if n <= 0xff { out.append(0xc4); out.append(UInt8(n)) }
            else if n <= 0xffff { out.append(0xc5); appendBigEndian(UInt64(n), bytes: 2, to: &out) }
            else { out.append(0xc6); appendBigEndian(UInt64(n), bytes: 4, to: &out) }
            out.append(contentsOf: b)
        case .array(let items):
            let n = items.count
            if n < 16 { out.append(0x90 | UInt8(n)) }
            else if n <= 0xffff { out.append(0xdc); appendBigEndian(UInt64(n), bytes: 2, to: &out) }
            else { out.append(0xdd); appendBigEndian(UInt64(n), bytes: 4, to: &out) }
            for item in items { append(item, to: &out) }
        case .map(let pairs):
            let n = pairs.count
            if n < 16 { out.append(0x80 | UInt8(n)) }
            else if n <= 0xffff { out.append(0xde); appendBigEndian(UInt64(n), bytes: 2, to: &out) }
            else { out.append(0xdf); appendBigEndian(UInt64(n), bytes: 4, to: &out) }
            for (k, v) in pairs { append(k, to: &out); append(v, to: &out) }
        case .ext(let type, let data):
            let n = data.count
            switch n {
            case 1: out.append(0xd4)
            case 2: out.append(0xd5)
            case 4: out.append(0xd6)
            case 8: out.append(0xd7)
            case 16: out.append(0xd8)
            default:
                if n <= 0xff { out.append(0xc7); out.append(UInt8(n)) }
                else if n <= 0xffff { out.append(0xc8); appendBigEndian(UInt64(n), bytes: 2, to: &out) }
                else { out.append(0xc9); appendBigEndian(UInt64(n), bytes: 4, to: &out) }
            }
            out.append(UInt8(bitPattern: type))
            out.append(contentsOf: data)
        }
    }

    private static func appendUnsigned(_ v: UInt64, to out: inout [UInt8]) {
        if v < 0x80 { out.append(UInt8(v)) }
        else if v <= 0xff { out.append(0xcc); out.append(UInt8(v)) }
        else if v <= 0xffff { out.append(0xcd); appendBigEndian(v, bytes: 2, to: &out) }
        else if v <= 0xffff_ffff { out.append(0xce); appendBigEndian(v, bytes: 4, to: &out) }
        else { out.append(0xcf); appendBigEndian(v, bytes: 8, to: &out) }
    }

    private static func appendSigned(_ v: Int64, to out: inout [UInt8]) {
        if v >= -32 { out.append(UInt8(bitPattern: Int8(v))) }
        else if v >= Int64(Int8.min) { out.append(0xd0); out.append(UInt8(bitPattern: Int8(v))) }
        else if v >= Int64(Int16.min) { out.append(0xd1); appendBigEndian(UInt64(bitPattern: v), bytes: 2, to: &out) }
        else if v >= Int64(Int32.min) { out.append(0xd2); appendBigEndian(UInt64(bitPattern: v), bytes: 4, to: &out) }
        else { out.append(0xd3); appendBigEndian(UInt64(bitPattern: v), bytes: 8, to: &out) }
    }

    private static func appendBigEndian(_ v: UInt64, bytes: Int, to out: inout [UInt8]) {
        for i in stride(from: bytes - 1, through: 0, by: -1) { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) }
    }

    /// Enough capacity for the big parts (images), so encoding copies them once.
    private static func estimatedSize(_ value: MessagePackValue) -> Int {
        switch value {
        case .binary(let b): return b.count + 5
        case .string(let s): return s.utf8.count + 5
        case .array(let a): return a.reduce(5) { $0 + estimatedSize($1) }
        case .map(let m): return m.reduce(5) { $0 + estimatedSize($1.0) + estimatedSize($1.1) }
        case .ext(_, let d): return d.count + 6
        default: return 9
        }
    }
}
