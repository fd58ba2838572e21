import Foundation
import Testing
import World
@testable import Render

/// Decodes a PNG with Python's zlib (an independent inflater) and prints the raw
/// RGB bytes as hex; checks CRCs and the Adler-32 along the way.
let pythonDecoder = """
import struct, sys, zlib
d = open(sys.argv[1], 'rb').read()
assert d[:8] == b'\\x89PNG\\r\\n\\x1a\\n', 'signature'
pos, idat, w = 8, b'', None
while pos < len(d):
    n, = struct.unpack('>I', d[pos:pos+4]); t = d[pos+4:pos+8]; body = d[pos+8:pos+8+n]
    crc, = struct.unpack('>I', d[pos+8+n:pos+12+n])
    assert zlib.crc32(t + body) & 0xffffffff == crc, 'crc of ' + t.decode()
    if t == b'IHDR':
        w, h, depth, ctype, comp, filt, inter = struct.unpack('>IIBBBBB', body)
        assert (depth, ctype, comp, filt, inter) == (8, 2, 0, 0, 0)
    elif t == b'IDAT': idat += body
    elif t == b'IEND': break
    pos += 12 + n
raw = zlib.decompress(idat)
stride = w * 3
out, prev = bytearray(), bytearray(stride)
for y in range(h):
    f = raw[y * (stride + 1)]; line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - 3] if i >= 3 else 0
        b = prev[i]
        c = prev[i - 3] if i >= 3 else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else (b if pb <= pc else c))) & 255
        else: assert f == 0, 'filter %d' % f
    out += line; prev = line
print(w, h, out.hex())
"""

func decodeWithPython(_ png: [UInt8]) throws -> (Int, Int, [UInt8])? {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") else { return nil }
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vlaplay-png-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("image.png")
    try Data(png).write(to: file)
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
    p.arguments = ["-c", pythonDecoder, file.path]
    let out = Pipe(), err = Pipe()
    p.standardOutput = out; p.standardError = err
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    let errText = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    p.waitUntilExit()
    guard p.terminationStatus == 0 else { Issue.record("python3 could not decode the PNG: \(errText)"); return (0, 0, []) }
    let parts = String(decoding: data, as: UTF8.self).split(separator: " ")
    guard parts.count == 3, let w = Int(parts[0]), let h = Int(parts[1]) else { return (0, 0, []) }
    let hex = Array(parts[2].trimmingCharacters(in: .whitespacesAndNewlines).utf8)
    var bytes: [UInt8] = []
    bytes.reserveCapacity(hex.count / 2)
    func nib(_ c: UInt8) -> UInt8 { c >= 97 ? c - 87 : c - 48 }
    var i = 0
    while i + 1 < hex.count { bytes.append(nib(hex[i]) << 4 | nib(hex[i + 1])); i += 2 }
    return (w, h, bytes)
}

func checkRoundTrip(_ img: RGBImage) throws {
    let (w, h, px) = try #require(try decodeWithPython(PNGEncoder.encode(img)), "python3 with zlib decodes our PNG")
    #expect(w == img.width && h == img.height)
    let same = px == img.pixels
    #expect(same, "decoded pixels differ from the encoded ones")
}

@Test func noiseRoundTripsThroughAnIndependentDecoder() throws {
    var rng = SystemRandomNumberGenerator()
    _ = rng
    // Deterministic noise (literals everywhere), odd sizes.
    var x: UInt32 = 12345
    let px = (0..<(37 * 23 * 3)).map { _ -> UInt8 in x = x &* 1_664_525 &+ 1_013_904_223; return UInt8(x >> 24) }
    try checkRoundTrip(RGBImage(width: 37, height: 23, pixels: px))
}

@Test func flatAndRepeatingImagesRoundTrip() throws {
    // Long runs: matches of the maximum length and distances across rows.
    try checkRoundTrip(RGBImage(width: 300, height: 120, fill: (10, 200, 30)))
    var stripes = RGBImage(width: 64, height: 64)
    for y in 0..<64 { for xx in 0..<64 { let i = (y * 64 + xx) * 3; stripes.pixels[i] = UInt8((xx / 5) * 20); stripes.pixels[i + 2] = UInt8(y * 3) } }
    try checkRoundTrip(stripes)
    try checkRoundTrip(RGBImage(width: 1, height: 1, fill: (1, 2, 3)))
}

@Test func aRenderedSceneRoundTripsAndIsSmall() throws {
    let (model, state) = try world("libero_spatial")
    let img = ImageRenderer.render(model, state, camera: try #require(model.camera(named: "agentview")))
    let png = PNGEncoder.encode(img)
    #expect(png.count < img.pixels.count / 5, "\(png.count) bytes: the fixed-Huffman deflate should compress a flat-shaded image well")
    try checkRoundTrip(img)
}

@Test func checksumsMatchKnownValues() {
    #expect(PNGEncoder.crc32(Array("IEND".utf8)) == 0xAE42_6082)
    #expect(PNGEncoder.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
}
