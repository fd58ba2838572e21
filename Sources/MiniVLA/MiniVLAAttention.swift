/// The forward pass's attention and AdaLN kernels: keys transposed for eight-wide
/// scores, a vector softmax, and the modulated LayerNorm (BENCHMARKS.md, docs/MODEL.md).
extension MiniVLAModel {
    /// Keys transposed, [d, lk] (channel-major), so that the scores of eight keys come
    /// from one eight-wide load per channel.
    func transposed(_ k: [Float], rows lk: Int) -> [Float] {
        let d = config.d_model
        var out = [Float](repeating: 0, count: lk * d)
        for j in 0..<lk { for c in 0..<d { out[c * lk + j] = k[j * d + c] } }
        return out
    }

    /// Multi-head attention of q [lq, d] over keys kT [d, lk] (`transposed`) and values
    /// v [lk, d], all already projected.
    func attend(q: [Float], kT: [Float], v: [Float], lq: Int, lk: Int) -> [Float] {
        let d = config.d_model, h = config.heads, hd = d / h
        let scale = 1 / Float(hd).squareRoot()
        var out = [Float](repeating: 0, count: lq * d)
        let lk8 = lk & ~7, lkUp = (lk + 7) & ~7
        var s = [Float](repeating: 0, count: lkUp)
        q.withUnsafeBufferPointer { Q in kT.withUnsafeBufferPointer { K in v.withUnsafeBufferPointer { V in
            out.withUnsafeMutableBufferPointer { O in s.withUnsafeMutableBufferPointer { S in
                let sp = UnsafeMutableRawPointer(S.baseAddress!)
                for head in 0..<h {
                    let off = head * hd
                    for i in 0..<lq {
                        let qi = Q.baseAddress! + i * d + off
                        // Scores, eight keys at a time.
                        var j = 0
                        while j + 16 <= lk8 {
                            // Sixteen keys per pass: each query channel is broadcast once for both.
                            var a0 = SIMD8<Float>(repeating: 0), a1 = a0
                            for c in 0..<hd {
                                let kp = UnsafeRawPointer(K.baseAddress! + (off + c) * lk + j)
                                let qc = qi[c]
                                a0 += qc * kp.loadUnaligned(as: SIMD8<Float>.self)
                                a1 += qc * kp.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self)
                            }
                            (sp + j * 4).storeBytes(of: a0 * scale, as: SIMD8<Float>.self)
                            (sp + j * 4 + 32).storeBytes(of: a1 * scale, as: SIMD8<Float>.self)
                            j += 16
                        }
                        while j < lk8 {
                            var acc = SIMD8<Float>(repeating: 0)
                            for c in 0..<hd {
                                acc += qi[c] * UnsafeRawPointer(K.baseAddress! + (off + c) * lk + j).loadUnaligned(as: SIMD8<Float>.self)
                            }
                            (sp + j * 4).storeBytes(of: acc * scale, as: SIMD8<Float>.self)
                            j += 8
                        }
                        while j < lk {
                            var dot: Float = 0
                            for c in 0..<hd { dot += qi[c] * K[(off + c) * lk + j] }
                            S[j] = dot * scale
                            j += 1
                        }
                        // Max and softmax numerators eight lanes at a time; the padding lanes
                        // past lk hold −∞ (e^−∞ rounds to 0 after the clamp, ~1e−38).
                        for j in lk..<lkUp { S[j] = -.infinity }
                        var m8 = SIMD8<Float>(repeating: -.infinity)
                        j = 0
                        while j < lkUp {
                            m8 = VectorMath.max8(m8, sp.loadUnaligned(fromByteOffset: j * 4, as: SIMD8<Float>.self))
                            j += 8
                        }
                        let m = m8.max()
                        var sum8 = SIMD8<Float>(repeating: 0)
                        j = 0
                        while j < lkUp {
                            let e = VectorMath.exp8(sp.loadUnaligned(fromByteOffset: j * 4, as: SIMD8<Float>.self) - m)
                            (sp + j * 4).storeBytes(of: e, as: SIMD8<Float>.self)
                            sum8 += e
                            j += 8
                        }
                        let inv = 1 / sum8.sum()
                        let oi = O.baseAddress! + i * d + off
                        if hd % 16 == 0 {
                            // Sixteen channels per pass: each weight S[j] is loaded once for both halves.
                            let op = UnsafeMutableRawPointer(oi)
                            var c = 0
                            while c < hd {
                                var a0 = SIMD8<Float>(repeating: 0), a1 = a0
                                for j in 0..<lk {
                                    let w = S[j]
                                    let vp = UnsafeRawPointer(V.baseAddress! + j * d + off + c)
                                    a0 += w * vp.loadUnaligned(as: SIMD8<Float>.self)
                                    a1 += w * vp.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self)
                                }
                                (op + c * 4).storeBytes(of: a0 * inv, as: SIMD8<Float>.self)
                                (op + c * 4 + 32).storeBytes(of: a1 * inv, as: SIMD8<Float>.self)
                                c += 16
                            }
                        } else if hd % 8 == 0 {
                            let op = UnsafeMutableRawPointer(oi)
                            var c = 0
                            while c < hd {
                                var acc = SIMD8<Float>(repeating: 0)
                                for j in 0..<lk {
                                    acc += S[j] * UnsafeRawPointer(V.baseAddress! + j * d + off + c).loadUnaligned(as: SIMD8<Float>.self)
                                }
                                (op + c * 4).storeBytes(of: acc * inv, as: SIMD8<Float>.self)
                                c += 8
                            }
                        } else {
                            for j in 0..<lk {
                                let w = S[j] * inv
                                let vj = V.baseAddress! + j * d + off
                                for c in 0..<hd { oi[c] += w * vj[c] }
                            }
                        }
                    }
                }
            } }
        } } }
        return out
    }

    /// LayerNorm without gain, then AdaLN's scale and shift (the k-th pair of `mod`'s
    /// 6·d numbers): h = norm(x) · (1 + scale) + shift, row by row over raw pointers.
    func adaNorm(_ x: [Float], rows: Int, mod: [Float], k: Int) -> [Float] {
        let d = config.d_model, eps = config.ln_eps
        var h = [Float](repeating: 0, count: rows * d)
        x.withUnsafeBufferPointer { X in mod.withUnsafeBufferPointer { M in h.withUnsafeMutableBufferPointer { Hb in
            let scale = M.baseAddress! + 2 * k * d, shift = M.baseAddress! + (2 * k + 1) * d
            for r in 0..<rows {
                let xr = X.baseAddress! + r * d, hr = Hb.baseAddress! + r * d
                var mu: Float = 0
                for j in 0..<d { mu += xr[j] }
                mu /= Float(d)
                var v: Float = 0
                for j in 0..<d { let t = xr[j] - mu; v += t * t }
                let inv = 1 / (v / Float(d) + eps).squareRoot()
                for j in 0..<d { hr[j] = (xr[j] - mu) * inv * (1 + scale[j]) + shift[j] }
            }
        } } }
        return h
    }
}
