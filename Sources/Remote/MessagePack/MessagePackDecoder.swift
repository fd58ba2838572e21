/// Why bytes are not the msgpack we accept: where (byte offset) and what.
public struct MessagePackError: Error, Sendable, Equatable, CustomStringConvertible {
    public var offset: Int
    public var message: String
    public var description: String { "malformed msgpack at byte \(offset): \(message)" }
}

/// Bounds on what a decoder accepts from the network. Memory stays within a small
/// multiple of the input: every declared length or count is checked against the
/// bytes that remain before anything is allocated.
public struct MessagePackLimits: Sendable {
    public var maxDepth: Int
    /// Elements of one array, or pairs of one map.
    public var maxContainerCount: Int
    /// Elements in the whole document.
    public var maxTotalElements: Int
    public var maxStringBytes: Int
    public var maxBinaryBytes: Int

    public init(maxDepth: Int = 32, maxContainerCount: Int = 1 << 20, maxTotalElements: Int = 1 << 22,
                maxStringBytes: Int = 16 << 20, maxBinaryBytes: Int = 512 << 20) {
        self.maxDepth = maxDepth; self.maxContainerCount = maxContainerCount; self.maxTotalElements = maxTotalElements
        self.maxStringBytes = maxStringBytes; self.maxBinaryBytes = maxBinaryBytes
    }

    public static let standard = MessagePackLimits()
}

/// Reads one msgpack document; trailing bytes are an error (one message per frame).
public struct MessagePackDecoder {
    private let bytes: [UInt8]
    private var at = 0
    private var elements = 0
    private let limits: MessagePackLimits

    public static func decode(_ bytes: [UInt8], limits: MessagePackLimits = .standard) throws(MessagePackError) -> MessagePackValue {
        var d = MessagePackDecoder(bytes: bytes, limits: limits)
        let v = try d.value(depth: 0)
        if d.at != bytes.count { throw MessagePackError(offset: d.at, message: "\(bytes.count - d.at) bytes left after the message ended") }
        return v
    }

    private init(bytes: [UInt8], limits: MessagePackLimits) { self.bytes = bytes; self.limits = limits }

    private func fail(_ message: String, at offset: Int? = nil) -> MessagePackError {
        MessagePackError(offset: offset ?? at, message: message)
    }

    private mutating func byte() throws(MessagePackError) -> UInt8 {
        guard at < bytes.count else { throw fail("the message ends early (expected 1 more byte)") }
        defer { at += 1 }
        return bytes[at]
    }

    private mutating func bigEndian(_ n: Int) throws(MessagePackError) -> UInt64 {
        guard bytes.count - at >= n else { throw fail("the message ends early (expected \(n) more bytes)") }
        var v: UInt64 = 0
        for i in 0..<n { v = v << 8 | UInt64(bytes[at + i]) }
        at += n
        return v
    }

    private mutating func take(_ n: Int, what: String, limit: Int) throws(MessagePackError) -> ArraySlice<UInt8> {
        guard n <= limit else { throw fail("\(what) of \(n) bytes is over the limit of \(limit)") }
        guard bytes.count - at >= n else { throw fail("\(what) claims \(n) bytes but only \(bytes.count - at) remain") }
        defer { at += n }
        return bytes[at..<(at + n)]
    }

    private mutating func string(_ n: Int) throws(MessagePackError) -> MessagePackValue {
        let start = at
        let raw = try take(n, what: "a str", limit: limits.maxStringBytes)
        guard let s = String(validating: raw, as: UTF8.self) else { throw fail("a str is not valid UTF-8", at: start) }
        return .string(s)
    }

    private mutating func count(_ n: Int, what: String, minBytesEach: Int) throws(MessagePackError) -> Int {
        guard n <= limits.maxContainerCount else { throw fail("\(what) of \(n) elements is over the limit of \(limits.maxContainerCount)") }
        guard n <= (bytes.count - at) / minBytesEach else { throw fail("\(what) claims \(n) elements but only \(bytes.count - at) bytes remain") }
        elements += n
        guard elements <= limits.maxTotalElements else { throw fail("more than \(limits.maxTotalElements) elements in one message") }
        return n
    }

    private mutating func value(depth: Int) throws(MessagePackError) -> MessagePackValue {
        guard depth <= limits.maxDepth else { throw fail("nested deeper than \(limits.maxDepth) levels") }
        let start = at
        let b = try byte()
        switch b {
        case 0x00...0x7f: return .int(Int64(b))
        case 0x80...0x8f: return try map(Int(b & 0x0f), depth: depth)
        case 0x90...0x9f: return try array(Int(b & 0x0f), depth: depth)
        case 0xa0...0xbf: return try string(Int(b & 0x1f))
        case 0xc0: return .null
        case 0xc2: return .bool(false)
        case 0xc3: return .bool(true)
        case 0xc4: return .binary(Array(try take(Int(try bigEndian(1)), what: "a bin", limit: limits.maxBinaryBytes)))
        case 0xc5: return .binary(Array(try take(Int(try bigEndian(2)), what: "a bin", limit: limits.maxBinaryBytes)))
        case 0xc6: return .binary(Array(try take(Int(try bigEndian(4)), what: "a bin", limit: limits.maxBinaryBytes)))
        case 0xc7, 0xc8, 0xc9:
            let n = Int(try bigEndian(b == 0xc7 ? 1 : b == 0xc8 ? 2 : 4))
            let type = Int8(bitPattern: try byte())
            return .ext(type: type, data: Array(try take(n, what: "an ext", limit: limits.maxBinaryBytes)))
        case 0xca: return .float32(Float(bitPattern: UInt32(try bigEndian(4))))
        case 0xcb: return .float64(Double(bitPattern: try bigEndian(8)))
        case 0xcc: return .uint(try bigEndian(1))
        case 0xcd: return .uint(try bigEndian(2))
        case 0xce: return .uint(try bigEndian(4))
        case 0xcf: return .uint(try bigEndian(8))
        case 0xd0: return .int(Int64(Int8(truncatingIfNeeded: try bigEndian(1))))
        case 0xd1: return .int(Int64(Int16(truncatingIfNeeded: try bigEndian(2))))
        case 0xd2: return .int(Int64(Int32(truncatingIfNeeded: try bigEndian(4))))
        case 0xd3: return .int(Int64(bitPattern: try bigEndian(8)))
        case 0xd4, 0xd5, 0xd6, 0xd7, 0xd8:
            let n = 1 << Int(b - 0xd4)
            let type = Int8(bitPattern: try byte())
            return .ext(type: type, data: Array(try take(n, what: "an ext", limit: limits.maxBinaryBytes)))
        case 0xd9: return try string(Int(try bigEndian(1)))
        case 0xda: return try string(Int(try bigEndian(2)))
        case 0xdb: return try string(Int(try bigEndian(4)))
        case 0xdc: return try array(Int(try bigEndian(2)), depth: depth)
        case 0xdd: return try array(Int(try bigEndian(4)), depth: depth)
        case 0xde: return try map(Int(try bigEndian(2)), depth: depth)
        case 0xdf: return try map(Int(try bigEndian(4)), depth: depth)
        case 0xe0...0xff: return .int(Int64(Int8(bitPattern: b)))
        default: throw fail("0x\(String(b, radix: 16)) is not a msgpack type byte", at: start)
        }
    }

    private mutating func array(_ declared: Int, depth: Int) throws(MessagePackError) -> MessagePackValue {
        let n = try count(declared, what: "an array", minBytesEach: 1)
        var items: [MessagePackValue] = []
        items.reserveCapacity(n)
        for _ in 0..<n { items.append(try value(depth: depth + 1)) }
        return .array(items)
    }

    private mutating func map(_ declared: Int, depth: Int) throws(MessagePackError) -> MessagePackValue {
        let n = try count(declared, what: "a map", minBytesEach: 2)
        var pairs: [(MessagePackValue, MessagePackValue)] = []
        pairs.reserveCapacity(n)
        for _ in 0..<n {
            let k = try value(depth: depth + 1)
            let v = try value(depth: depth + 1)
            pairs.append((k, v))
        }
        return .map(pairs)
    }
}
