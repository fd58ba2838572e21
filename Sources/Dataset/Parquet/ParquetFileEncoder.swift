/// Writes a Parquet file as bytes, one row group at a time, so a caller can stream
/// row groups to disk and keep only their metadata: "PAR1", the row groups (each
/// column chunk one data page v1, PLAIN values, uncompressed, levels RLE), then
/// the footer (Thrift-compact `FileMetaData`, its length, "PAR1").
///
/// Minimal on purpose: no dictionary pages, compression, statistics or nulls.
/// pyarrow reads what it writes (python/tests/test_lerobot_dataset.py).
public struct ParquetFileEncoder: Sendable {
    public let fields: [ParquetField]
    let leaves: [LeafColumn]
    /// Bytes handed out so far: the next row group starts here.
    public private(set) var offset = 0
    public private(set) var rows = 0
    private var rowGroups: [ThriftValue] = []
    public var rowGroupCount: Int { rowGroups.count }

    public static let magic: [UInt8] = Array("PAR1".utf8)
    public static let createdBy = "vlaplay version 0.1.0"

    public init(fields: [ParquetField]) {
        self.fields = fields
        leaves = ParquetSchema.leaves(fields)
    }

    /// The file's first bytes; call once, before the first row group.
    public mutating func start() -> [UInt8] {
        precondition(offset == 0, "start() once, first")
        offset = Self.magic.count
        return Self.magic
    }

    /// One row group from columns of values (one array per top-level field, all the
    /// same length): its bytes, to append after what was handed out before.
    public mutating func rowGroup(_ columns: [[ParquetValue]]) throws -> [UInt8] {
        precondition(offset > 0, "start() before the first row group")
        precondition(columns.count == fields.count, "one column per field")
        let count = columns.first?.count ?? 0
        precondition(columns.allSatisfy { $0.count == count }, "columns of one row group have the same length")
        var out: [UInt8] = []
        var chunks: [ThriftValue] = []
        var total = 0
        for (field, values) in zip(fields, columns) {
            for buffer in try ColumnShredder.shred(field, values) {
                let start = offset + out.count
                var page: [UInt8] = []
                if buffer.leaf.maxLevel > 0 {
                    page += LevelEncoding.section(buffer.repetition, maxLevel: buffer.leaf.maxLevel)
                    page += LevelEncoding.section(buffer.definition, maxLevel: buffer.leaf.maxLevel)
                }
                page += buffer.plainValues()
                let header = ThriftCompact.encode(.structure([
                    (1, .int(0)),                 // DATA_PAGE
                    (2, .int(page.count)),        // uncompressed size
                    (3, .int(page.count)),        // compressed size (no codec)
                    (5, .structure([              // DataPageHeader
                        (1, .int(buffer.entries)),
                        (2, .int(0)),             // values: PLAIN
                        (3, .int(3)),             // definition levels: RLE
                        (4, .int(3)),             // repetition levels: RLE
                    ])),
                ]))
                out += header
                out += page
                let size = header.count + page.count
                total += size
                let meta: ThriftValue = .structure([
                    (1, .i32(buffer.leaf.physical.rawValue)),
                    (2, .list(.i32, [.int(0), .int(3)])),   // PLAIN, RLE
                    (3, .list(.binary, buffer.leaf.path.map { .string($0) })),
                    (4, .int(0)),                             // UNCOMPRESSED
                    (5, .long(buffer.entries)),
                    (6, .long(size)),
                    (7, .long(size)),
                    (9, .long(start)),                        // data_page_offset
                ])
                let chunk: [(Int16, ThriftValue)] = [(2, .long(start)), (3, meta)]
                chunks.append(.structure(chunk))
            }
        }
        rowGroups.append(.structure([
            (1, .list(.structure, chunks)),
            (2, .long(total)),
            (3, .long(count)),
            (5, .long(offset)),
            (6, .long(total)),
        ]))
        offset += out.count
        rows += count
        return out
    }

    /// The footer, with key/value metadata (e.g. pandas' index description).
    public func footer(metadata: [(String, String)] = []) -> [UInt8] {
        var fileMeta: [(Int16, ThriftValue)] = [
            (1, .int(2)),
            (2, .list(.structure, ParquetSchema.elements(fields))),
            (3, .long(rows)),
            (4, .list(.structure, rowGroups)),
        ]
        if !metadata.isEmpty {
            fileMeta.append((5, .list(.structure, metadata.map { .structure([(1, .string($0.0)), (2, .string($0.1))]) })))
        }
        fileMeta.append((6, .string(Self.createdBy)))
        let bytes = ThriftCompact.encode(.structure(fileMeta))
        var out = bytes
        withUnsafeBytes(of: UInt32(bytes.count).littleEndian) { out += $0 }
        return out + Self.magic
    }

    /// A whole file at once: each element of `rowGroups` is one row group's columns.
    public static func file(fields: [ParquetField], rowGroups: [[[ParquetValue]]], metadata: [(String, String)] = []) throws -> [UInt8] {
        var encoder = ParquetFileEncoder(fields: fields)
        var out = encoder.start()
        for group in rowGroups { out += try encoder.rowGroup(group) }
        return out + encoder.footer(metadata: metadata)
    }
}
