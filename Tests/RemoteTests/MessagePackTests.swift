import Foundation
import Testing
@testable import Remote

@Suite struct MessagePackTests {
    /// Byte-exact encodings from the msgpack spec (what Python's msgpack writes).
    @Test func encodesTheSmallestForms() {
        let cases: [(MessagePackValue, [UInt8])] = [
            (.null, [0xc0]), (.bool(true), [0xc3]), (.bool(false), [0xc2]),
            (.int(0), [0x00]), (.int(127), [0x7f]), (.int(128), [0xcc, 0x80]), (.int(256), [0xcd, 0x01, 0x00]),
            (.int(70000), [0xce, 0x00, 0x01, 0x11, 0x70]), (.int(-1), [0xff]), (.int(-32), [0xe0]), (.int(-33), [0xd0, 0xdf]),
            (.int(-200), [0xd1, 0xff, 0x38]), (.int(Int64.min), [0xd3, 0x80, 0, 0, 0, 0, 0, 0, 0]),
            (.uint(UInt64.max), [0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
            (.float64(1.5), [0xcb, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0]), (.float32(1.5), [0xca, 0x3f, 0xc0, 0, 0]),
            (.string("a"), [0xa1, 0x61]), (.string(String(repeating: "x", count: 40)), [0xd9, 40] + Array(repeating: 0x78, count: 40)),
            (.binary([1, 2]), [0xc4, 0x02, 0x01, 0x02]),
            (.array([.int(1), .int(2), .int(3)]), [0x93, 0x01, 0x02, 0x03]),
            (.stringMap([("a", .int(1))]), [0x81, 0xa1, 0x61, 0x01]),
            (.ext(type: 5, data: [9]), [0xd4, 0x05, 0x09]),
        ]
        for (value, bytes) in cases {
            let encoded = MessagePackEncoder.encode(value)
            #expect(encoded == bytes, "encoding \(value)")
            let decoded = try? MessagePackDecoder.decode(bytes)
            #expect(decoded == value, "decoding \(bytes)")
        }
    }

    @Test func roundTripsLargeContainersAndStrings() throws {
        let big = MessagePackValue.array((0..<70_000).map { .int(Int64($0 - 35_000)) })
        #expect(try MessagePackDecoder.decode(MessagePackEncoder.encode(big)) == big)
        let map = MessagePackValue.stringMap((0..<20).map { ("k\($0)", .string(String(repeating: "é", count: 200 * $0))) })
        #expect(try MessagePackDecoder.decode(MessagePackEncoder.encode(map)) == map)
        let bin = MessagePackValue.binary(Array(repeating: 7, count: 300_000))
        #expect(try MessagePackDecoder.decode(MessagePackEncoder.encode(bin)) == bin)
    }

    @Test func numpyArraysUseBinKeysAsOpenpiDoes() throws {
        let a = NumpyArray(float32: [1, 2, 3, 4, 5, 6], shape: [2, 3])
        let encoded = MessagePackEncoder.encode(a.messagePack)
        // The first key is bin8 "__ndarray__" (0xc4 0x0b), not str.
        #expect(Array(encoded.prefix(3)) == [0x84, 0xc4, 0x0b])
        let back = try NumpyArray.from(MessagePackDecoder.decode(encoded))
        #expect(back == a)
        #expect(back?.doubles == [1, 2, 3, 4, 5, 6])
        #expect(NumpyArray.DType(numpy: "<f8") == .float64 && NumpyArray.DType(numpy: "=f4") == .float32)
        #expect(NumpyArray.DType(numpy: ">f4") == nil)
    }

    @Test func inconsistentArraysAreRefusedWithTheReason() {
        func array(_ dtype: String, _ shape: [Int64], _ bytes: Int) -> MessagePackValue {
            .map([(.binary(Array("__ndarray__".utf8)), .bool(true)), (.binary(Array("data".utf8)), .binary(Array(repeating: 0, count: bytes))),
                  (.binary(Array("dtype".utf8)), .string(dtype)), (.binary(Array("shape".utf8)), .array(shape.map { .int($0) }))])
        }
        let wrongSize = Result { try NumpyArray.from(array("<f4", [2, 3], 20)) }
        #expect("\(wrongSize)".contains("needs 24 bytes but has 20"))
        let badType = Result { try NumpyArray.from(array("<c16", [1], 16)) }
        #expect("\(badType)".contains("not supported"))
        let overflow = Result { try NumpyArray.from(array("<f8", [1 << 31, 1 << 31, 1 << 31], 8)) }
        #expect("\(overflow)".contains("failure"))
    }

    @Test func limitsRefuseHostileInputBeforeAllocating() {
        // A bin32 claiming 4 GiB in a 10-byte message.
        #expect(throws: MessagePackError.self) { try MessagePackDecoder.decode([0xc6, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0]) }
        // An array32 claiming 4 billion elements.
        #expect(throws: MessagePackError.self) { try MessagePackDecoder.decode([0xdd, 0xff, 0xff, 0xff, 0xff, 0]) }
        // 100 nested arrays (limit 32).
        let deep = Array(repeating: UInt8(0x91), count: 100) + [0x00]
        let error = Result { try MessagePackDecoder.decode(deep) }
        #expect("\(error)".contains("deeper than 32"))
        // Trailing bytes: one message per frame.
        #expect(throws: MessagePackError.self) { try MessagePackDecoder.decode([0x01, 0x02]) }
        // Invalid UTF-8 in a str.
        #expect(throws: MessagePackError.self) { try MessagePackDecoder.decode([0xa2, 0xff, 0xfe]) }
        // A reserved type byte.
        #expect(throws: MessagePackError.self) { try MessagePackDecoder.decode([0xc1]) }
        // Per-container limit.
        let tight = MessagePackLimits(maxContainerCount: 10)
        #expect(throws: MessagePackError.self) { try MessagePackDecoder.decode(MessagePackEncoder.encode(.array(Array(repeating: .null, count: 11))), limits: tight) }
    }

    /// Random bytes and mutations of real observations: the decoder either returns a
    /// value or throws `MessagePackError`; never crashes, never holds more than a
    /// small multiple of the input.
    @Test func fuzzRandomAndMutatedInputs() {
        var rng = SplitMix(seed: 0x5eed)
        let image = NumpyArray(dtype: .uint8, shape: [8, 8, 3], data: (0..<192).map { UInt8($0) })
        let sample = MessagePackEncoder.encode(.stringMap([
            ("observation/image", image.messagePack), ("observation/state", NumpyArray(float32: [1, 2, 3]).messagePack),
            ("prompt", .string("pick up the red cube")), ("nested", .array([.int(-5), .float64(2.5), .null, .bool(true), .stringMap([("x", .uint(9))])])),
        ]))
        var decoded = 0, refused = 0
        for i in 0..<6000 {
            var bytes: [UInt8]
            if i % 3 == 0 {
                bytes = (0..<Int(rng.next() % 64)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            } else {
                bytes = sample
                for _ in 0..<(1 + Int(rng.next() % 4)) {
                    let at = Int(rng.next() % UInt64(max(1, bytes.count)))
                    switch rng.next() % 4 {
                    case 0: bytes[at] = UInt8(truncatingIfNeeded: rng.next())
                    case 1: bytes = Array(bytes.prefix(at))
                    case 2: bytes.insert(UInt8(truncatingIfNeeded: rng.next()), at: at)
                    default: if at < bytes.count { bytes[at] ^= 0xff }
                    }
                    if bytes.isEmpty { break }
                }
            }
            do {
                let v = try MessagePackDecoder.decode(bytes)
                decoded += 1
                // Whatever decoded re-encodes to no more bytes than it came from plus headers.
                #expect(MessagePackEncoder.encode(v).count <= bytes.count * 2 + 16)
                _ = try? NumpyArray.from(v["observation/image"] ?? .null)
            } catch {
                refused += 1
            }
        }
        #expect(decoded + refused == 6000)
        #expect(decoded > 100 && refused > 1000)
    }
}

/// A small deterministic generator for the fuzz loops.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
