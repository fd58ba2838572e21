/// A Thrift value, as Parquet's footer and page headers need them: structs of
/// numbered fields, lists, integers, strings and bools. Built as values first and
/// encoded once, so the metadata structs read like the parquet.thrift they follow.
indirect enum ThriftValue: Sendable {
    case bool(Bool)
    case i32(Int32)
    case i64(Int64)
    case binary([UInt8])
    case list(ThriftType, [ThriftValue])
    /// Fields by id, in increasing order (the compact protocol writes id deltas).
    case structure([(Int16, ThriftValue)])

    static func string(_ s: String) -> ThriftValue { .binary(Array(s.utf8)) }
    static func int(_ v: Int) -> ThriftValue { .i32(Int32(v)) }
    static func long(_ v: Int) -> ThriftValue { .i64(Int64(v)) }
}

/// Element types of the compact protocol (its wire nibbles).
enum ThriftType: UInt8, Sendable {
    case boolTrue = 1, boolFalse = 2, i32 = 5, i64 = 6, binary = 8, list = 9, structure = 12
}

/// Thrift's compact protocol (the encoding Parquet's metadata uses): field headers
/// as id deltas in a nibble, zigzag varints, length-prefixed binaries.
enum ThriftCompact {
    static func encode(_ value: ThriftValue) -> [UInt8] {
        var out: [UInt8] = []
        write(value, into: &out)
        return out
    }

    static func write(_ value: ThriftValue, into out: inout [UInt8]) {
        switch value {
        case .bool(let b): out.append(b ? 1 : 2)   // only as a list element; fields carry it in the header
        case .i32(let v): varint(zigzag(Int64(v)), into: &out)
        case .i64(let v): varint(zigzag(v), into: &out)
        case .binary(let bytes):
            varint(UInt64(bytes.count), into: &out)
            out += bytes
        case .list(let type, let items):
            if items.count < 15 {
                out.append(UInt8(items.count) << 4 | type.rawValue)
            } else {
                out.append(0xF0 | type.rawValue)
                varint(UInt64(items.count), into: &out)
            }
            for item in items { write(item, into: &out) }
        case .structure(let fields):
            var last: Int16 = 0
            for (id, field) in fields {
                precondition(id > last, "thrift fields must be written in increasing id order")
                let type: UInt8
                switch field {
                case .bool(let b): type = b ? ThriftType.boolTrue.rawValue : ThriftType.boolFalse.rawValue
                default: type = wireType(field).rawValue
                }
                let delta = id - last
                if delta <= 15 {
                    out.append(UInt8(delta) << 4 | type)
                } else {
                    out.append(type)
                    varint(zigzag(Int64(id)), into: &out)
                }
                last = id
                if case .bool = field { continue }   // the value is the header's type
                write(field, into: &out)
            }
            out.append(0)   // stop
        }
    }

    static func wireType(_ v: ThriftValue) -> ThriftType {
        switch v {
        case .bool(let b): return b ? .boolTrue : .boolFalse
        case .i32: return .i32
        case .i64: return .i64
        case .binary: return .binary
        case .list: return .list
        case .structure: return .structure
        }
    }

    static func zigzag(_ v: Int64) -> UInt64 { UInt64(bitPattern: (v << 1) ^ (v >> 63)) }

    static func varint(_ v: UInt64, into out: inout [UInt8]) {
        var v = v
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }
}
