/// A numpy array as openpi's `msgpack_numpy` sends it: a map whose KEYS ARE BIN
/// (b"__ndarray__", b"data", b"dtype", b"shape"), raw little-endian bytes in C order.
/// A client that wrote str keys would be read as a plain dict by the server.
public struct NumpyArray: Sendable, Equatable {
    public enum DType: String, Sendable, CaseIterable {
        case float32 = "<f4", float64 = "<f8", float16 = "<f2"
        case uint8 = "|u1", int8 = "|i1", bool = "|b1"
        case int16 = "<i2", int32 = "<i4", int64 = "<i8", uint16 = "<u2", uint32 = "<u4", uint64 = "<u8"

        public var itemSize: Int {
            switch self {
            case .uint8, .int8, .bool: return 1
            case .float16, .int16, .uint16: return 2
            case .float32, .int32, .uint32: return 4
            case .float64, .int64, .uint64: return 8
            }
        }

        /// numpy spells one-byte types with `|` and also accepts `<`/`=`; big-endian is refused.
        public init?(numpy: String) {
            if let d = DType(rawValue: numpy) { self = d; return }
            guard numpy.count >= 2 else { return nil }
            let body = numpy.dropFirst()
            for d in DType.allCases where d.rawValue.dropFirst() == body && (numpy.first == "<" || numpy.first == "=" || numpy.first == "|") {
                self = d; return
            }
            return nil
        }
    }

    public var dtype: DType
    public var shape: [Int]
    public var data: [UInt8]

    public init(dtype: DType, shape: [Int], data: [UInt8]) { self.dtype = dtype; self.shape = shape; self.data = data }

    public init(float32 values: [Double], shape: [Int]? = nil) {
        var bytes = [UInt8](); bytes.reserveCapacity(values.count * 4)
        for v in values { withUnsafeBytes(of: Float(v).bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
        self.init(dtype: .float32, shape: shape ?? [values.count], data: bytes)
    }

    public init(float64 values: [Double], shape: [Int]? = nil) {
        var bytes = [UInt8](); bytes.reserveCapacity(values.count * 8)
        for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
        self.init(dtype: .float64, shape: shape ?? [values.count], data: bytes)
    }

    public var elementCount: Int { shape.reduce(1, *) }

    public var messagePack: MessagePackValue {
        .map([
            (.binary(Array("__ndarray__".utf8)), .bool(true)),
            (.binary(Array("data".utf8)), .binary(data)),
            (.binary(Array("dtype".utf8)), .string(dtype.rawValue)),
            (.binary(Array("shape".utf8)), .array(shape.map { .int(Int64($0)) })),
        ])
    }

    /// shape × itemsize in bytes, or nil when a dimension is negative or the product
    /// overflows: a shape that came off the wire (json_numpy) must not trap.
    public static func byteCount(shape: [Int], dtype: DType) -> Int? {
        var bytes = dtype.itemSize
        for n in shape {
            guard n >= 0 else { return nil }
            let (product, overflow) = bytes.multipliedReportingOverflow(by: n)
            guard !overflow else { return nil }
            bytes = product
        }
        return bytes
    }

    /// Reads an openpi array map; nil when `value` is not one, an error when it
    /// claims to be one but is inconsistent.
    public static func from(_ value: MessagePackValue) throws(RemoteError) -> NumpyArray? {
        guard case .map = value, value["__ndarray__"] != nil else { return nil }
        guard case .string(let dt)? = value["dtype"] else { throw .protocolViolation("an array's dtype is missing or not a str") }
        guard let dtype = DType(numpy: dt) else {
            throw .protocolViolation("array dtype `\(dt)` is not supported (use float32, float64 or an integer type, little-endian)")
        }
        guard case .array(let dims)? = value["shape"] else { throw .protocolViolation("an array's shape is missing or not a list") }
        var shape: [Int] = []
        for d in dims {
            guard let n = d.intValue, n >= 0, n <= 1 << 31 else { throw .protocolViolation("an array's shape has a bad dimension \(d.kindName)") }
            shape.append(n)
        }
        guard case .binary(let data)? = value["data"] else { throw .protocolViolation("an array's data is missing or not bin") }
        let (count, overflow) = shape.reduce((1, false)) { acc, n in
            let (m, o) = acc.0.multipliedReportingOverflow(by: n); return (m, acc.1 || o)
        }
        guard !overflow, count.multipliedReportingOverflow(by: dtype.itemSize).overflow == false,
              count * dtype.itemSize == data.count else {
            throw .protocolViolation("an array of shape \(shape) and dtype \(dt) needs \(overflow ? "too many" : "\(count * dtype.itemSize)") bytes but has \(data.count)")
        }
        return NumpyArray(dtype: dtype, shape: shape, data: data)
    }

    /// The elements as Double, in C order.
    public var doubles: [Double] {
        let n = elementCount
        var out = [Double](repeating: 0, count: n)
        data.withUnsafeBytes { raw in
            for i in 0..<n {
                let o = i * dtype.itemSize
                switch dtype {
                case .float32: out[i] = Double(Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt32.self))))
                case .float64: out[i] = Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt64.self)))
                case .float16: out[i] = Double(halfToFloat(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt16.self))))
                case .uint8: out[i] = Double(raw[o])
                case .int8: out[i] = Double(Int8(bitPattern: raw[o]))
                case .bool: out[i] = raw[o] != 0 ? 1 : 0
                case .int16: out[i] = Double(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: Int16.self)))
                case .uint16: out[i] = Double(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt16.self)))
                case .int32: out[i] = Double(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: Int32.self)))
                case .uint32: out[i] = Double(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt32.self)))
                case .int64: out[i] = Double(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: Int64.self)))
                case .uint64: out[i] = Double(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt64.self)))
                }
            }
        }
        return out
    }

    /// IEEE half to float without relying on Float16 (unavailable on some targets).
    private func halfToFloat(_ h: UInt16) -> Float {
        let sign: Float = (h & 0x8000) != 0 ? -1 : 1
        let exp = Int((h >> 10) & 0x1f), frac = Float(h & 0x3ff)
        if exp == 0 { return sign * frac * Float(sign: .plus, exponent: -24, significand: 1) }
        if exp == 31 { return frac == 0 ? sign * .infinity : .nan }
        return sign * (1 + frac / 1024) * Float(sign: .plus, exponent: exp - 15, significand: 1)
    }
}
