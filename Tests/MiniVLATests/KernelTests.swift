import CMiniVLAKernels
@testable import MiniVLA
import XCTest

/// The AVX2 + FMA dense layer equals the portable Swift one (to float rounding) on
/// every shape the model uses and on odd ones (rows not a multiple of 4, columns not
/// of 8 or 16).
final class KernelTests: XCTestCase {
    func testFusedKernelEqualsTheSwiftKernel() throws {
        try XCTSkipUnless(minivla_has_avx2_fma() == 1, "this CPU has no AVX2 + FMA: the Swift kernel is the only one")
        var seed: UInt64 = 7
        func next() -> Float {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(bitPattern: seed >> 11) % 2000) / 1000 - 1
        }
        for (rows, nIn, nOut) in [(16, 64, 64), (16, 64, 384), (113, 64, 128), (1, 32, 64), (5, 40, 64), (7, 13, 27), (3, 64, 20)] {
            let lin = Linear(w: (0..<(nIn * nOut)).map { _ in next() }, b: (0..<nOut).map { _ in next() }, nIn: nIn, nOut: nOut)
            let x = (0..<(rows * nIn)).map { _ in next() }
            var fused = [Float](repeating: .nan, count: rows * nOut), swift = fused
            x.withUnsafeBufferPointer { X in
                lin.w.withUnsafeBufferPointer { W in lin.b.withUnsafeBufferPointer { B in fused.withUnsafeMutableBufferPointer { Y in
                    minivla_linear_avx2(X.baseAddress!, Int32(rows), Int32(nIn), W.baseAddress!, B.baseAddress!, Int32(nOut), Y.baseAddress!)
                } } }
                swift.withUnsafeMutableBufferPointer { Y in lin.applySwift(X.baseAddress!, rows: rows, into: Y.baseAddress!) }
            }
            let worst = zip(fused, swift).map { abs($0 - $1) }.max() ?? .nan
            XCTAssertLessThan(worst, 1e-4, "\(rows)x\(nIn) · \(nIn)x\(nOut)")
            XCTAssertFalse(fused.contains { $0.isNaN }, "every output written")
        }
    }
}
