import World

/// A small, dependency-free PNG writer for `RGBImage`s (8-bit RGB, no interlace).
/// Each row gets the filter (None, Sub or Up) with the smallest sum of absolute
/// bytes, the usual heuristic; the zlib stream is one deflate block with the fixed
/// Huffman code and greedy LZ77 matches from a one-slot hash table. Flat-shaded
/// images are long runs, so this gets most of what a full deflate would at a
/// fraction of the code (a 224×224 scene is a few kB, not 150 kB as stored blocks).
public enum PNGEncoder {
    public static func encode(_ image: RGBImage) -> [UInt8] {
        var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var ihdr: [UInt8] = []
        ihdr += bigEndian(UInt32(image.width)); ihdr += bigEndian(UInt32(image.height))
        ihdr += [8, 2, 0, 0, 0]   // 8 bits, truecolour, deflate, adaptive filters, no interlace
        chunk("IHDR", ihdr, into: &out)
        chunk("IDAT", zlib(filtered(image)), into: &out)
        chunk("IEND", [], into: &out)
        return out
    }

    /// Rows, each led by its filter type byte.
    static func filtered(_ image: RGBImage) -> [UInt8] {
        let stride = image.width * 3
        var out = [UInt8]()
        out.reserveCapacity((stride + 1) * image.height)
        var candidate = [[UInt8]](repeating: [UInt8](repeating: 0, count: stride), count: 3)
        image.pixels.withUnsafeBufferPointer { px in
            for y in 0..<image.height {
                let row = y * stride, prev = (y - 1) * stride
                var best = 0, bestCost = Int.max
                for f in 0..<3 {
                    var cost = 0
                    for i in 0..<stride {
                        let v = px[row + i]
                        let left: UInt8 = i >= 3 ? px[row + i - 3] : 0
                        let up: UInt8 = y > 0 ? px[prev + i] : 0
                        let b = f == 0 ? v : (f == 1 ? v &- left : v &- up)
                        candidate[f][i] = b
                        cost += abs(Int(Int8(bitPattern: b)))
                    }
                    if cost < bestCost { best = f; bestCost = cost }
                }
                out.append(UInt8(best))
                out += candidate[best]
            }
        }
        return out
    }

    // MARK: zlib / deflate

    static func zlib(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]   // deflate, 32 K window, no dictionary; (0x78 << 8 | 0x01) % 31 == 0
        out += deflateFixed(data)
        out += bigEndian(adler32(data))
        return out
    }

    static let lengthBase: [Int] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    static let lengthExtra: [Int] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBase: [Int] = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
                                      4097, 6145, 8193, 12289, 16385, 24577]
    static let distanceExtra: [Int] = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

    /// One final block (BTYPE 01, RFC 1951 §3.2.6).
    static func deflateFixed(_ data: [UInt8]) -> [UInt8] {
        var bits = BitWriter()
        bits.write(1, count: 1)   // BFINAL
        bits.write(1, count: 2)   // BTYPE = 01, fixed Huffman
        let n = data.count
        let hashBits = 15
        var head = [Int32](repeating: -1, count: 1 << hashBits)
        @inline(__always) func hash(_ i: Int) -> Int {
            let v = (UInt32(data[i]) << 16) | (UInt32(data[i + 1]) << 8) | UInt32(data[i + 2])
            return Int((v &* 2_654_435_761) >> UInt32(32 - hashBits))
        }
        var i = 0
        while i < n {
            var matchLength = 0, matchDistance = 0
            if i + 3 <= n {
                let h = hash(i)
                let cand = Int(head[h])
                head[h] = Int32(i)
                if cand >= 0, i - cand <= 32768 {
                    var l = 0
                    let limit = min(258, n - i)
                    while l < limit && data[cand + l] == data[i + l] { l += 1 }
                    if l >= 3 { matchLength = l; matchDistance = i - cand }
                }
            }
            if matchLength >= 3 {
                writeLength(matchLength, &bits)
                writeDistance(matchDistance, &bits)
                // Remember the positions inside the match for later matches.
                var k = i + 1
                while k < i + matchLength && k + 3 <= n { head[hash(k)] = Int32(k); k += 1 }
                i += matchLength
            } else {
                writeLiteral(Int(data[i]), &bits)
                i += 1
            }
        }
        writeLiteral(256, &bits)   // end of block
        return bits.finish()
    }

    /// A literal/length symbol in the fixed code (Huffman codes go most significant bit first).
    @inline(__always) static func writeLiteral(_ sym: Int, _ bits: inout BitWriter) {
        switch sym {
        case 0...143: bits.writeReversed(0x30 + sym, count: 8)
        case 144...255: bits.writeReversed(0x190 + sym - 144, count: 9)
        case 256...279: bits.writeReversed(sym - 256, count: 7)
        default: bits.writeReversed(0xC0 + sym - 280, count: 8)
        }
    }

    static func writeLength(_ length: Int, _ bits: inout BitWriter) {
        var code = lengthBase.count - 1
        while lengthBase[code] > length { code -= 1 }
        writeLiteral(257 + code, &bits)
        if lengthExtra[code] > 0 { bits.write(length - lengthBase[code], count: lengthExtra[code]) }
    }

    static func writeDistance(_ distance: Int, _ bits: inout BitWriter) {
        var code = distanceBase.count - 1
        while distanceBase[code] > distance { code -= 1 }
        bits.writeReversed(code, count: 5)
        if distanceExtra[code] > 0 { bits.write(distance - distanceBase[code], count: distanceExtra[code]) }
    }

    // MARK: checksums and chunks

    static func adler32(_ data: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        var i = 0
        while i < data.count {
            // 5552 bytes is the most that cannot overflow 32 bits before the modulo.
            let end = min(i + 5552, data.count)
            while i < end { a += UInt32(data[i]); b += a; i += 1 }
            a %= 65521; b %= 65521
        }
        return b << 16 | a
    }

    static let crcTable: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func crc32<S: Sequence>(_ bytes: S) -> UInt32 where S.Element == UInt8 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes { c = crcTable[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }

    static func chunk(_ type: String, _ data: [UInt8], into out: inout [UInt8]) {
        let typeBytes = Array(type.utf8)
        out += bigEndian(UInt32(data.count))
        out += typeBytes
        out += data
        out += bigEndian(crc32(typeBytes + data))
    }

    static func bigEndian(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
}

/// Bits packed least significant first, as deflate wants.
struct BitWriter {
    var bytes: [UInt8] = []
    var acc: UInt64 = 0
    var count = 0

    @inline(__always) mutating func write(_ value: Int, count n: Int) {
        acc |= UInt64(value) << UInt64(count)
        count += n
        while count >= 8 { bytes.append(UInt8(acc & 0xFF)); acc >>= 8; count -= 8 }
    }

    /// A Huffman code, most significant bit first.
    @inline(__always) mutating func writeReversed(_ code: Int, count n: Int) {
        var r = 0, c = code
        for _ in 0..<n { r = (r << 1) | (c & 1); c >>= 1 }
        write(r, count: n)
    }

    mutating func finish() -> [UInt8] {
        if count > 0 { bytes.append(UInt8(acc & 0xFF)); acc = 0; count = 0 }
        return bytes
    }
}
