/// Eight-wide elementwise functions for the forward pass. Calling `expf` / `tanhf`
/// once per score and per hidden unit cost more than the matrix products around
/// them; these keep eight lanes in registers. Accuracy: relative error of `exp8`
/// about 2e-7 over the clamped range (Cephes' expf polynomial), well inside the golden
/// test's 1e-4.
enum VectorMath {
    @inline(__always)
    static func exp8(_ v: SIMD8<Float>) -> SIMD8<Float> {
        // e^x = 2^n · e^r with n = round(x / ln 2) and |r| <= ln 2 / 2; ln 2 split in two
        // so that x − n·ln 2 stays exact.
        let lo = SIMD8<Float>(repeating: -87.3), hi = SIMD8<Float>(repeating: 88.3)
        var x = v
        x.replace(with: lo, where: x .< lo)   // (`clamped` was an out-of-line call)
        x.replace(with: hi, where: x .> hi)
        // Rounding and the integer n in one add: 1.5 · 2^23 pushes the fraction out of
        // the mantissa, whose low bits then hold n (Swift's generic SIMD float-to-int
        // conversion and `rounded` go lane by lane and took a third of the forward pass).
        let magic = SIMD8<Float>(repeating: 12_582_912)
        let shifted = x * 1.442_695_04 + magic
        let n = shifted - magic
        let ni = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000
        x = x - n * 0.693_359_375 + n * 2.121_944_4e-4
        let z = x * x
        var y: SIMD8<Float> = SIMD8(repeating: 1.987_569_15e-4)
        y = y * x + 1.398_199_95e-3
        y = y * x + 8.333_451_9e-3
        y = y * x + 4.166_579_59e-2
        y = y * x + 1.666_666_55e-1
        y = y * x + 5.000_000_12e-1
        y = y * z + x + 1
        let bits = (ni &+ 127) &<< 23
        return y * unsafeBitCast(bits, to: SIMD8<Float>.self)
    }

    /// Lane-wise maximum, inline (the standard library's `pointwiseMax` was an out-of-line call).
    @inline(__always)
    static func max8(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> {
        var out = a
        out.replace(with: b, where: b .> a)
        return out
    }

    /// GELU, tanh approximation (as the Python twin): 0.5 x (1 + tanh(c (x + 0.044715 x³))),
    /// with tanh(a) = 1 − 2 / (e^{2a} + 1).
    @inline(__always)
    static func gelu8(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let a = 0.797_884_560_802_865_4 * (x + 0.044_715 * x * x * x)
        let t = 1 - 2 / (exp8(2 * a) + 1)
        return 0.5 * x * (1 + t)
    }

    /// GELU over a buffer in place (scalar tail for lengths that are not a multiple of 8).
    static func gelu(_ x: inout [Float]) {
        let n = x.count, vec = n & ~7
        x.withUnsafeMutableBufferPointer { X in
            let p = UnsafeMutableRawPointer(X.baseAddress!)
            var i = 0
            while i < vec {
                let v = p.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
                (p + i * 4).storeBytes(of: gelu8(v), as: SIMD8<Float>.self)
                i += 8
            }
            while i < n { X[i] = MiniVLAModel.gelu(X[i]); i += 1 }
        }
    }
}
