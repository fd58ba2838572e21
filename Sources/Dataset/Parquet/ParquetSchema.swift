/// The logical type of a Parquet column, as far as vlaplay's datasets need:
/// numbers, strings and bytes, lists of anything (Arrow's three-level LIST), and
/// structs. Every field is REQUIRED (no nulls): a list may be empty, nothing else
/// may be missing, which keeps definition levels to "how many lists are present".
public indirect enum ParquetType: Sendable, Equatable {
    case bool
    case int64
    case float32
    case float64
    case bytes
    case string
    case list(ParquetType)
    case group([ParquetField])
}

public struct ParquetField: Sendable, Equatable {
    public var name: String
    public var type: ParquetType
    public init(_ name: String, _ type: ParquetType) { self.name = name; self.type = type }
}

/// One cell of a column, shaped like its `ParquetType`.
public indirect enum ParquetValue: Sendable, Equatable {
    case bool(Bool)
    case int64(Int64)
    case float32(Float)
    case float64(Double)
    case bytes([UInt8])
    case string(String)
    case list([ParquetValue])
    case group([ParquetValue])

    public static func int(_ v: Int) -> ParquetValue { .int64(Int64(v)) }
    public static func floats(_ v: [Float]) -> ParquetValue { .list(v.map { .float32($0) }) }
    public static func doubles(_ v: [Double]) -> ParquetValue { .list(v.map { .float64($0) }) }
}

/// Parquet's physical types (parquet.thrift `Type`).
enum PhysicalType: Int32 {
    case boolean = 0, int32 = 1, int64 = 2, float = 4, double = 5, byteArray = 6
}

/// A leaf of the schema tree: one column chunk per row group.
struct LeafColumn: Equatable {
    var path: [String]
    var physical: PhysicalType
    /// Lists above the leaf: both its highest repetition and definition level.
    var maxLevel: Int
}

extension ParquetType {
    var isLeaf: Bool {
        switch self {
        case .list, .group: return false
        default: return true
        }
    }

    var physical: PhysicalType? {
        switch self {
        case .bool: return .boolean
        case .int64: return .int64
        case .float32: return .float
        case .float64: return .double
        case .bytes, .string: return .byteArray
        case .list, .group: return nil
        }
    }
}

enum ParquetSchema {
    /// The leaves of `fields`, depth first: the column chunks a row group holds, in order.
    static func leaves(_ fields: [ParquetField]) -> [LeafColumn] {
        var out: [LeafColumn] = []
        for f in fields { collect(f.type, path: [f.name], level: 0, into: &out) }
        return out
    }

    private static func collect(_ type: ParquetType, path: [String], level: Int, into out: inout [LeafColumn]) {
        switch type {
        case .list(let element):
            // Arrow's layout: <name> (LIST) → repeated group "list" → "element".
            collect(element, path: path + ["list", "element"], level: level + 1, into: &out)
        case .group(let fields):
            for f in fields { collect(f.type, path: path + [f.name], level: level, into: &out) }
        default:
            out.append(LeafColumn(path: path, physical: type.physical!, maxLevel: level))
        }
    }

    /// The flattened schema (parquet.thrift `SchemaElement`s, depth first) under a root named "schema".
    static func elements(_ fields: [ParquetField]) -> [ThriftValue] {
        var out: [ThriftValue] = [element(name: "schema", repetition: nil, children: fields.count)]
        for f in fields { flatten(f.name, f.type, repetition: .required, into: &out) }
        return out
    }

    enum Repetition: Int32 { case required = 0, optional = 1, repeated = 2 }

    private static func flatten(_ name: String, _ type: ParquetType, repetition: Repetition, into out: inout [ThriftValue]) {
        switch type {
        case .list(let item):
            // converted_type LIST (3), logicalType LIST (field 3 of the union).
            out.append(element(name: name, repetition: repetition, children: 1, converted: 3, logical: 3))
            out.append(element(name: "list", repetition: .repeated, children: 1))
            flatten("element", item, repetition: .required, into: &out)
        case .group(let fields):
            out.append(element(name: name, repetition: repetition, children: fields.count))
            for f in fields { flatten(f.name, f.type, repetition: .required, into: &out) }
        case .string:
            // converted_type UTF8 (0), logicalType STRING (field 1 of the union).
            out.append(element(name: name, repetition: repetition, physical: .byteArray, converted: 0, logical: 1))
        default:
            out.append(element(name: name, repetition: repetition, physical: type.physical!))
        }
    }

    private static func element(name: String, repetition: Repetition?, physical: PhysicalType? = nil, children: Int? = nil,
                                converted: Int32? = nil, logical: Int16? = nil) -> ThriftValue {
        var fields: [(Int16, ThriftValue)] = []
        if let physical { fields.append((1, .i32(physical.rawValue))) }
        if let repetition { fields.append((3, .i32(repetition.rawValue))) }
        fields.append((4, .string(name)))
        if let children { fields.append((5, .int(children))) }
        if let converted { fields.append((6, .i32(converted))) }
        // LogicalType is a union: a struct with one field, itself an empty struct.
        if let logical { fields.append((10, .structure([(logical, .structure([]))]))) }
        return .structure(fields)
    }
}
