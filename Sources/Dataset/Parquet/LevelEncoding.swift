/// Parquet's RLE / bit-packed hybrid for repetition and definition levels, written
/// as RLE runs only (a run header `count << 1`, then the value in ceil(width / 8)
/// bytes): a valid hybrid stream, and levels come in long runs (all zeros for a
/// flat column, "0 then k−1 ones" for each list of k numbers).
enum LevelEncoding {
    /// Bits needed for levels up to `maxLevel`.
    static func bitWidth(_ maxLevel: Int) -> Int {
        maxLevel == 0 ? 0 : Int.bitWidth - maxLevel.leadingZeroBitCount
    }

    static func rle(_ levels: [UInt8], maxLevel: Int) -> [UInt8] {
        let bytes = (bitWidth(maxLevel) + 7) / 8
        var out: [UInt8] = []
        var i = 0
        while i < levels.count {
            var j = i + 1
            while j < levels.count && levels[j] == levels[i] { j += 1 }
            ThriftCompact.varint(UInt64(j - i) << 1, into: &out)
            var v = Int(levels[i])
            for _ in 0..<bytes { out.append(UInt8(v & 0xFF)); v >>= 8 }
            i = j
        }
        return out
    }

    /// A data page v1 level section: its byte length (u32, little endian), then the runs.
    static func section(_ levels: [UInt8], maxLevel: Int) -> [UInt8] {
        let runs = rle(levels, maxLevel: maxLevel)
        var out: [UInt8] = []
        withUnsafeBytes(of: UInt32(runs.count).littleEndian) { out += $0 }
        return out + runs
    }
}
