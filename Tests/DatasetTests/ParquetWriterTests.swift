import Foundation
import TestSupport
import Testing
@testable import Dataset

/// The Parquet writer's bytes: Thrift compact encoding, level runs, file framing,
/// and a round trip through pyarrow (the real check) when .venv-remote has it.
struct ParquetWriterTests {
    @Test func thriftCompactEncodesFieldDeltasZigzagAndLists() {
        // Field 1 i32 = 1 → header 0x15, zigzag(1) = 2; field 20 (delta > 15) i64 = -1 → type byte, zigzag id 40, zigzag(-1) = 1.
        let bytes = ThriftCompact.encode(.structure([(1, .i32(1)), (20, .i64(-1)), (21, .list(.binary, [.string("ab")]))]))
        #expect(bytes == [0x15, 0x02, 0x06, 0x28, 0x01, 0x19, 0x18, 0x02, 0x61, 0x62, 0x00])
        // A list of 15 or more elements writes its size as a varint.
        let long = ThriftCompact.encode(.list(.i32, Array(repeating: .i32(0), count: 20)))
        #expect(Array(long.prefix(2)) == [0xF5, 20])
        #expect(ThriftCompact.encode(.i32(-64)) == [0x7F] && ThriftCompact.encode(.i64(300)) == [0xD8, 0x04])
    }

    @Test func levelsAreRunLengthEncoded() {
        #expect(LevelEncoding.bitWidth(0) == 0 && LevelEncoding.bitWidth(1) == 1 && LevelEncoding.bitWidth(3) == 2 && LevelEncoding.bitWidth(4) == 3)
        // "0, 1, 1, 1" → run of one 0, run of three 1s.
        #expect(LevelEncoding.rle([0, 1, 1, 1], maxLevel: 1) == [0x02, 0x00, 0x06, 0x01])
        #expect(LevelEncoding.section([], maxLevel: 1) == [0, 0, 0, 0])
    }

    @Test func shreddingGivesDremelLevels() throws {
        // [[1, 2], [], [3]] as list<list<int64>>, and a second row [[4]].
        let field = ParquetField("x", .list(.list(.int64)))
        let rows: [ParquetValue] = [.list([.list([.int(1), .int(2)]), .list([]), .list([.int(3)])]), .list([.list([.int(4)])])]
        let leaf = try #require(try ColumnShredder.shred(field, rows).first)
        #expect(leaf.leaf.path == ["x", "list", "element", "list", "element"] && leaf.leaf.maxLevel == 2)
        #expect(leaf.repetition == [0, 2, 1, 1, 0])
        #expect(leaf.definition == [2, 2, 1, 2, 2])
        #expect(leaf.valueCount == 4)
    }

    @Test func aFileStartsAndEndsWithMagicAndItsFooterLengthIsRight() throws {
        let bytes = try ParquetFileEncoder.file(fields: [ParquetField("a", .int64)], rowGroups: [[[.int(1), .int(2)]]])
        #expect(Array(bytes.prefix(4)) == Array("PAR1".utf8) && Array(bytes.suffix(4)) == Array("PAR1".utf8))
        let n = bytes.count
        let footerLength = Int(UInt32(bytes[n - 8]) | UInt32(bytes[n - 7]) << 8 | UInt32(bytes[n - 6]) << 16 | UInt32(bytes[n - 5]) << 24)
        #expect(footerLength > 0 && footerLength < n - 12)
        // The footer is a Thrift struct whose first field is the version (i32 2).
        #expect(Array(bytes[(n - 8 - footerLength)..<(n - 8 - footerLength + 2)]) == [0x15, 0x04])
    }

    @Test func aShapeMismatchIsAnErrorNamingTheColumn() {
        #expect(throws: ColumnShredder.ShapeError.self) {
            _ = try ParquetFileEncoder.file(fields: [ParquetField("a", .list(.float32))], rowGroups: [[[.int(1)]]])
        }
    }

    static let everyType: [ParquetField] = [
        ParquetField("i", .int64), ParquetField("f", .float32), ParquetField("d", .float64), ParquetField("b", .bool),
        ParquetField("s", .string), ParquetField("raw", .bytes), ParquetField("v", .list(.float32)),
        ParquetField("names", .list(.string)), ParquetField("cube", .list(.list(.list(.float64)))),
        ParquetField("img", .group([ParquetField("bytes", .bytes), ParquetField("path", .string)])),
    ]

    static func row(_ k: Int) -> [ParquetValue] {
        [.int(k - 1), .float32(Float(k) / 4), .float64(Double(k) / 3), .bool(k % 2 == 0), .string("é\(k)"), .bytes([UInt8(k), 0, 255]),
         .floats((0..<k).map { Float($0) }), .list(k == 1 ? [] : [.string("a"), .string("b")]),
         .list([.list([.doubles([Double(k)])]), .list([.doubles([0.5]), .doubles([])])]),
         .group([.bytes([1, 2, UInt8(k)]), .string("frame-\(k).png")])]
    }

    @Test(.enabled(if: pyarrowAvailable, "needs .venv-remote with pyarrow (make test installs it)"))
    func pyarrowReadsEveryTypeBackAcrossRowGroups() throws {
        let rows = (1...5).map(Self.row)
        // Rows 1–2 in one row group, 3–5 in another; columns are per field.
        func columns(_ r: ArraySlice<[ParquetValue]>) -> [[ParquetValue]] { Self.everyType.indices.map { c in r.map { $0[c] } } }
        let bytes = try ParquetFileEncoder.file(fields: Self.everyType, rowGroups: [columns(rows[0..<2]), columns(rows[2...])],
                                                metadata: [("note", "{\"x\": 1}")])
        let json = try readWithPyarrow(bytes)
        #expect(json["row_groups"] as? Int == 2)
        let types = try #require(json["types"] as? [String: String])
        #expect(types["i"] == "int64" && types["f"] == "float" && types["d"] == "double" && types["b"] == "bool")
        #expect(types["s"] == "string" && types["raw"] == "binary" && types["v"] == "list<element: float not null>")
        #expect(types["img"] == "struct<bytes: binary not null, path: string not null>")
        #expect((json["metadata"] as? [String: String])?["note"] == "{\"x\": 1}")
        let back = try #require(json["rows"] as? [[String: Any]])
        #expect(back.count == 5)
        for (k, r) in back.enumerated() {
            let n = k + 1
            #expect(r["i"] as? Int == n - 1)
            #expect(r["f"] as? Double == Double(Float(n) / 4))
            #expect(r["d"] as? Double == Double(n) / 3)
            #expect(r["b"] as? Bool == (n % 2 == 0))
            #expect(r["s"] as? String == "é\(n)")
            #expect((r["raw"] as? [String: String])?["bytes_hex"] == String(format: "%02x00ff", n))
            #expect((r["v"] as? [Double]) == (0..<n).map(Double.init))
            #expect((r["names"] as? [String]) == (n == 1 ? [] : ["a", "b"]))
            #expect((r["cube"] as? [[[Double]]]) == [[[Double(n)]], [[0.5], []]])
            let img = try #require(r["img"] as? [String: Any])
            #expect((img["bytes"] as? [String: String])?["bytes_hex"] == String(format: "0102%02x", n))
            #expect(img["path"] as? String == "frame-\(n).png")
        }
    }

    func readWithPyarrow(_ bytes: [UInt8]) throws -> [String: Any] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("vlaplay-parquet-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).parquet")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let out = try runPython([repositoryRoot.appendingPathComponent("python/tools/parquet_peer.py").path, file.path])
        return try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
    }
}

/// Whether .venv-remote's Python can import pyarrow (python/requirements-remote.txt pins it).
let pyarrowAvailable: Bool = {
    guard remoteVenvAvailable else { return false }
    return (try? runPython(["-c", "import pyarrow.parquet"])) != nil
}()

/// Runs .venv-remote's Python; throws when it exits non-zero, with its stderr.
func runPython(_ arguments: [String]) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: try remotePython())
    p.arguments = arguments
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    let errors = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    guard p.terminationStatus == 0 else { throw TestSetupError("python \(arguments.first ?? ""): \(String(decoding: errors, as: UTF8.self))") }
    return String(decoding: data, as: UTF8.self)
}
