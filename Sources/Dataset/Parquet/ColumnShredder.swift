/// One leaf column of one row group being filled: PLAIN-encoded values and, per
/// entry, its repetition and definition level (Dremel's record shredding).
struct LeafBuffer {
    let leaf: LeafColumn
    var values: [UInt8] = []
    var bools: [Bool] = []
    var repetition: [UInt8] = []
    var definition: [UInt8] = []
    /// Present values (entries at the full definition level).
    var valueCount = 0

    init(_ leaf: LeafColumn) { self.leaf = leaf }

    var entries: Int { repetition.count }

    mutating func level(_ rep: Int, _ def: Int) {
        repetition.append(UInt8(rep)); definition.append(UInt8(def))
    }

    /// The values section of the page: PLAIN (booleans bit-packed, least significant bit first).
    func plainValues() -> [UInt8] {
        guard leaf.physical == .boolean else { return values }
        var out = [UInt8](repeating: 0, count: (bools.count + 7) / 8)
        for (i, b) in bools.enumerated() where b { out[i / 8] |= 1 << UInt8(i % 8) }
        return out
    }
}

/// Splits columns of nested values into leaf columns with their levels (Dremel's
/// shredding). Every field is REQUIRED, so a leaf's definition level counts the
/// lists present above it, and an empty list leaves one entry without a value in
/// each leaf below it.
enum ColumnShredder {
    struct ShapeError: Error, CustomStringConvertible {
        var path: String
        var expected: ParquetType
        var description: String { "column \(path): a value does not have the type \(expected)" }
    }

    /// The leaf buffers of one field's column of values.
    static func shred(_ field: ParquetField, _ values: [ParquetValue]) throws -> [LeafBuffer] {
        var buffers = ParquetSchema.leaves([field]).map(LeafBuffer.init)
        for v in values {
            var leaf = 0
            try shred(v, field.type, into: &buffers, leaf: &leaf, rep: 0, def: 0, depth: 0, path: field.name)
        }
        return buffers
    }

    private static func shred(_ value: ParquetValue, _ type: ParquetType, into buffers: inout [LeafBuffer], leaf: inout Int,
                              rep: Int, def: Int, depth: Int, path: String) throws {
        switch (type, value) {
        case (.list(let element), .list(let items)):
            if items.isEmpty {
                let count = ParquetSchema.leaves([ParquetField("element", element)]).count
                for k in leaf..<(leaf + count) { buffers[k].level(rep, def) }
                leaf += count
                return
            }
            let start = leaf
            for (i, item) in items.enumerated() {
                leaf = start
                // The first element continues the enclosing entry; the others repeat at this list's depth.
                try shred(item, element, into: &buffers, leaf: &leaf, rep: i == 0 ? rep : depth + 1, def: def + 1, depth: depth + 1, path: path)
            }
        case (.group(let fields), .group(let values)) where fields.count == values.count:
            for (f, v) in zip(fields, values) {
                try shred(v, f.type, into: &buffers, leaf: &leaf, rep: rep, def: def, depth: depth, path: path + "." + f.name)
            }
        default:
            guard type.isLeaf else { throw ShapeError(path: path, expected: type) }
            try buffers[leaf].put(value, type, path: path)
            buffers[leaf].level(rep, def)
            leaf += 1
        }
    }
}

extension LeafBuffer {
    mutating func put(_ value: ParquetValue, _ type: ParquetType, path: String) throws {
        switch (type, value) {
        case (.bool, .bool(let b)): bools.append(b)
        case (.int64, .int64(let v)): appendLittleEndian(UInt64(bitPattern: v))
        case (.float32, .float32(let v)): appendLittleEndian(v.bitPattern)
        case (.float64, .float64(let v)): appendLittleEndian(v.bitPattern)
        case (.bytes, .bytes(let b)):
            appendLittleEndian(UInt32(b.count)); values += b
        case (.string, .string(let s)):
            let b = Array(s.utf8)
            appendLittleEndian(UInt32(b.count)); values += b
        default:
            throw ColumnShredder.ShapeError(path: path, expected: type)
        }
        valueCount += 1
    }

    private mutating func appendLittleEndian<T: FixedWidthInteger>(_ v: T) {
        withUnsafeBytes(of: v.littleEndian) { values += $0 }
    }
}
