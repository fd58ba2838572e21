import CMiniVLAKernels
import Foundation

/// The architecture numbers (config.json's `model`).
public struct MiniVLAConfig: Codable, Sendable {
    public var d_model: Int
    public var heads: Int
    public var ff: Int
    public var enc_layers: Int
    public var dec_layers: Int
    public var max_tokens: Int
    public var horizon: Int
    public var action_dim: Int
    public var state_dim: Int
    public var time_dim: Int
    public var ln_eps: Float
}

/// A linear map y = x W + b with W stored [nIn, nOut] row-major (as `x @ w` in Python).
struct Linear: Sendable {
    let w: [Float], b: [Float], nIn: Int, nOut: Int

    /// The CPU runs AVX2 + FMA: the C kernel (CMiniVLAKernels) does the products 8 wide
    /// with fused multiply-adds; elsewhere the Swift kernel below does. `VLAPLAY_MINIVLA_KERNEL=swift`
    /// chooses the Swift one anyway (to compare them).
    static let fusedKernel: Bool = minivla_has_avx2_fma() == 1 && ProcessInfo.processInfo.environment["VLAPLAY_MINIVLA_KERNEL"] != "swift"

    /// x: rows × nIn → rows × nOut.
    func apply(_ x: [Float], rows: Int) -> [Float] {
        var y = [Float](repeating: 0, count: rows * nOut)
        x.withUnsafeBufferPointer { X in y.withUnsafeMutableBufferPointer { Y in apply(X.baseAddress!, rows: rows, into: Y.baseAddress!) } }
        return y
    }

    /// The kernel: four rows at a time against eight columns at a time, the 4 × 8
    /// accumulators held in SIMD registers, so each weight vector is loaded once per
    /// four rows (the plain triple loop reloaded and re-stored every output per input).
    func apply(_ x: UnsafePointer<Float>, rows: Int, into y: UnsafeMutablePointer<Float>) {
        let nIn = nIn, nOut = nOut
        if Linear.fusedKernel {
            w.withUnsafeBufferPointer { W in b.withUnsafeBufferPointer { B in
                minivla_linear_avx2(x, Int32(rows), Int32(nIn), W.baseAddress!, B.baseAddress!, Int32(nOut), y)
            } }
            return
        }
        applySwift(x, rows: rows, into: y)
    }

    /// The portable kernel (and the reference the C one is tested against).
    func applySwift(_ x: UnsafePointer<Float>, rows: Int, into y: UnsafeMutablePointer<Float>) {
        let nIn = nIn, nOut = nOut
        let vectorCols = nOut & ~7
        w.withUnsafeBufferPointer { W in b.withUnsafeBufferPointer { B in
            let wp = UnsafeRawPointer(W.baseAddress!), bp = UnsafeRawPointer(B.baseAddress!)
            var r = 0
            while r + 4 <= rows {
                let x0 = x + r * nIn, x1 = x0 + nIn, x2 = x1 + nIn, x3 = x2 + nIn
                var j = 0
                while j < vectorCols {
                    let bias = bp.loadUnaligned(fromByteOffset: j * 4, as: SIMD8<Float>.self)
                    var a0 = bias, a1 = bias, a2 = bias, a3 = bias
                    var wo = j * 4
                    for i in 0..<nIn {
                        let wv = wp.loadUnaligned(fromByteOffset: wo, as: SIMD8<Float>.self)
                        a0 += x0[i] * wv; a1 += x1[i] * wv; a2 += x2[i] * wv; a3 += x3[i] * wv
                        wo += nOut * 4
                    }
                    let yr = UnsafeMutableRawPointer(y + r * nOut + j)
                    yr.storeBytes(of: a0, as: SIMD8<Float>.self)
                    (yr + nOut * 4).storeBytes(of: a1, as: SIMD8<Float>.self)
                    (yr + nOut * 8).storeBytes(of: a2, as: SIMD8<Float>.self)
                    (yr + nOut * 12).storeBytes(of: a3, as: SIMD8<Float>.self)
                    j += 8
                }
                for row in r..<(r + 4) where vectorCols < nOut { scalarColumns(x + row * nIn, from: vectorCols, W, B, into: y + row * nOut) }
                r += 4
            }
            while r < rows {
                let xr = x + r * nIn
                var j = 0
                while j < vectorCols {
                    var a = bp.loadUnaligned(fromByteOffset: j * 4, as: SIMD8<Float>.self)
                    var wo = j * 4
                    for i in 0..<nIn {
                        a += xr[i] * wp.loadUnaligned(fromByteOffset: wo, as: SIMD8<Float>.self)
                        wo += nOut * 4
                    }
                    UnsafeMutableRawPointer(y + r * nOut + j).storeBytes(of: a, as: SIMD8<Float>.self)
                    j += 8
                }
                if vectorCols < nOut { scalarColumns(xr, from: vectorCols, W, B, into: y + r * nOut) }
                r += 1
            }
        } }
    }

    /// Output columns from `start` on, one at a time (widths that are not a multiple of 8).
    private func scalarColumns(_ xr: UnsafePointer<Float>, from start: Int, _ W: UnsafeBufferPointer<Float>, _ B: UnsafeBufferPointer<Float>,
                               into yr: UnsafeMutablePointer<Float>) {
        for j in start..<nOut {
            var a = B[j]
            for i in 0..<nIn { a += xr[i] * W[i * nOut + j] }
            yr[j] = a
        }
    }
}

struct Norm: Sendable { let g: [Float], b: [Float] }

/// The minivla network in Float32 over contiguous row-major buffers: the twin of
/// python/minivla/model.py, formula for formula (the golden test checks 1e-4).
public struct MiniVLAModel: Sendable {
    public let config: MiniVLAConfig
    let tokEmb: [Float], tokPos: [Float], actPos: [Float]
    let stateIn: Linear
    struct EncLayer: Sendable { let ln1: Norm, ln2: Norm, q: Linear, k: Linear, v: Linear, o: Linear, ff1: Linear, ff2: Linear }
    struct DecLayer: Sendable {
        let ada: Linear
        let sq: Linear, sk: Linear, sv: Linear, so: Linear
        let cq: Linear, ck: Linear, cv: Linear, co: Linear
        let ff1: Linear, ff2: Linear
    }
    let enc: [EncLayer]
    let encOut: Norm
    let time1: Linear, time2: Linear, actIn: Linear, actOut: Linear
    let dec: [DecLayer]
    let decOut: Norm
    let timeFreqs: [Float]

    public init(config c: MiniVLAConfig, tensors t: [String: Tensor]) throws {
        config = c
        func get(_ name: String, _ shape: [Int]) throws -> [Float] {
            guard let x = t[name] else { throw ModelFormatError("minivla weights: no tensor `\(name)`") }
            guard x.shape == shape else { throw ModelFormatError("minivla weights: `\(name)` has shape \(x.shape), config says \(shape)") }
            return x.values
        }
        func lin(_ n: String, _ i: Int, _ o: Int) throws -> Linear { Linear(w: try get(n + ".w", [i, o]), b: try get(n + ".b", [o]), nIn: i, nOut: o) }
        func norm(_ n: String) throws -> Norm { Norm(g: try get(n + ".g", [c.d_model]), b: try get(n + ".b", [c.d_model])) }
        let d = c.d_model
        guard d % c.heads == 0, c.time_dim % 2 == 0 else { throw ModelFormatError("minivla config: d_model \(d) not divisible by heads \(c.heads)") }
        guard let emb = t["tok_emb"], emb.shape.count == 2, emb.shape[1] == d else { throw ModelFormatError("minivla weights: tok_emb missing or not [vocab, \(d)]") }
        tokEmb = emb.values
        tokPos = try get("tok_pos", [c.max_tokens + 1, d])
        actPos = try get("act_pos", [c.horizon, d])
        stateIn = try lin("state_in", c.state_dim, d)
        enc = try (0..<c.enc_layers).map { i in
            let e = "enc\(i)"
            return EncLayer(ln1: try norm(e + ".ln1"), ln2: try norm(e + ".ln2"), q: try lin(e + ".attn.q", d, d), k: try lin(e + ".attn.k", d, d),
                            v: try lin(e + ".attn.v", d, d), o: try lin(e + ".attn.o", d, d), ff1: try lin(e + ".ff1", d, c.ff), ff2: try lin(e + ".ff2", c.ff, d))
        }
        encOut = try norm("enc_out")
        time1 = try lin("time1", c.time_dim, d); time2 = try lin("time2", d, d)
        actIn = try lin("act_in", c.action_dim, d); actOut = try lin("act_out", d, c.action_dim)
        dec = try (0..<c.dec_layers).map { i in
            let b = "dec\(i)"
            return DecLayer(ada: try lin(b + ".ada", d, 6 * d),
                            sq: try lin(b + ".self.q", d, d), sk: try lin(b + ".self.k", d, d), sv: try lin(b + ".self.v", d, d), so: try lin(b + ".self.o", d, d),
                            cq: try lin(b + ".cross.q", d, d), ck: try lin(b + ".cross.k", d, d), cv: try lin(b + ".cross.v", d, d), co: try lin(b + ".cross.o", d, d),
                            ff1: try lin(b + ".ff1", d, c.ff), ff2: try lin(b + ".ff2", c.ff, d))
        }
        decOut = try norm("dec_out")
        let half = c.time_dim / 2
        timeFreqs = (0..<half).map { Float(exp(-log(1000.0) * Double($0) / Double(half))) }
    }

    public var vocabularySize: Int { tokEmb.count / config.d_model }

    // MARK: building blocks

    func layerNorm(_ x: inout [Float], rows: Int, norm: Norm?) {
        let d = config.d_model, eps = config.ln_eps
        for r in 0..<rows {
            var mu: Float = 0
            for j in 0..<d { mu += x[r * d + j] }
            mu /= Float(d)
            var v: Float = 0
            for j in 0..<d { let t = x[r * d + j] - mu; v += t * t }
            v /= Float(d)
            let inv = 1 / (v + eps).squareRoot()
            for j in 0..<d {
                var y = (x[r * d + j] - mu) * inv
                if let norm { y = y * norm.g[j] + norm.b[j] }
                x[r * d + j] = y
            }
        }
    }

    static func gelu(_ x: Float) -> Float {
        0.5 * x * (1 + tanhf(0.7978845608028654 * (x + 0.044715 * x * x * x)))
    }
    static func silu(_ x: Float) -> Float { x / (1 + expf(-x)) }

    // MARK: the two halves

    /// The context, encoded once per chunk: keys and values of every decoder layer's
    /// cross-attention, ready for the flow steps.
    public struct Context: Sendable {
        public let rows: Int
        /// Per decoder layer: cross-attention keys (`transposed`) and values.
        let crossKT: [[Float]], crossV: [[Float]]
    }

    /// `tokens`: word ids (no padding, at most max_tokens); `state`: normalised, state_dim long.
    public func encode(tokens: [Int], state: [Float]) -> Context {
        let d = config.d_model
        let L = min(tokens.count, config.max_tokens)
        let rows = L + 1
        var x = [Float](repeating: 0, count: rows * d)
        var st = state
        if st.count < config.state_dim { st += [Float](repeating: 0, count: config.state_dim - st.count) }
        let s0 = stateIn.apply(Array(st.prefix(config.state_dim)), rows: 1)
        for j in 0..<d { x[j] = s0[j] + tokPos[j] }
        let vocab = vocabularySize
        for i in 0..<L {
            let id = (0..<vocab).contains(tokens[i]) ? tokens[i] : 1
            for j in 0..<d { x[(i + 1) * d + j] = tokEmb[id * d + j] + tokPos[(i + 1) * d + j] }
        }
        for e in enc {
            var h = x
            layerNorm(&h, rows: rows, norm: e.ln1)
            let a = e.o.apply(attend(q: e.q.apply(h, rows: rows), kT: transposed(e.k.apply(h, rows: rows), rows: rows),
                                     v: e.v.apply(h, rows: rows), lq: rows, lk: rows), rows: rows)
            for i in 0..<x.count { x[i] += a[i] }
            h = x
            layerNorm(&h, rows: rows, norm: e.ln2)
            var f = e.ff1.apply(h, rows: rows)
            VectorMath.gelu(&f)
            let f2 = e.ff2.apply(f, rows: rows)
            for i in 0..<x.count { x[i] += f2[i] }
        }
        layerNorm(&x, rows: rows, norm: encOut)
        return Context(rows: rows, crossKT: dec.map { transposed($0.ck.apply(x, rows: rows), rows: rows) }, crossV: dec.map { $0.cv.apply(x, rows: rows) })
    }

    /// The velocity at flow time `tau` for the noisy chunk `xt` [horizon, action_dim].
    public func velocity(_ ctx: Context, xt: [Float], tau: Float) -> [Float] {
        let d = config.d_model, H = config.horizon
        let half = config.time_dim / 2
        var temb = [Float](repeating: 0, count: config.time_dim)
        let t100 = tau * Float(100)
        for j in 0..<half {
            let a = t100 * timeFreqs[j]
            temb[j] = Float(sin(Double(a)))
            temb[half + j] = Float(cos(Double(a)))
        }
        var t1 = time1.apply(temb, rows: 1)
        for i in 0..<t1.count { t1[i] = Self.silu(t1[i]) }
        var st = time2.apply(t1, rows: 1)
        for i in 0..<st.count { st[i] = Self.silu(st[i]) }
        var x = actIn.apply(xt, rows: H)
        for i in 0..<x.count { x[i] += actPos[i] }
        for (l, layer) in dec.enumerated() {
            let mod = layer.ada.apply(st, rows: 1)
            func modulated(_ k: Int) -> [Float] { adaNorm(x, rows: H, mod: mod, k: k) }
            var h = modulated(0)
            let a = layer.so.apply(attend(q: layer.sq.apply(h, rows: H), kT: transposed(layer.sk.apply(h, rows: H), rows: H),
                                          v: layer.sv.apply(h, rows: H), lq: H, lk: H), rows: H)
            for i in 0..<x.count { x[i] += a[i] }
            h = modulated(1)
            let c = layer.co.apply(attend(q: layer.cq.apply(h, rows: H), kT: ctx.crossKT[l], v: ctx.crossV[l], lq: H, lk: ctx.rows), rows: H)
            for i in 0..<x.count { x[i] += c[i] }
            h = modulated(2)
            var f = layer.ff1.apply(h, rows: H)
            VectorMath.gelu(&f)
            let f2 = layer.ff2.apply(f, rows: H)
            for i in 0..<x.count { x[i] += f2[i] }
        }
        layerNorm(&x, rows: H, norm: decOut)
        return actOut.apply(x, rows: H)
    }

    /// Euler integration from tau = 1 (`noise`, horizon × action_dim) to tau = 0.
    /// `trace`, when given, receives the chunk after every step (the denoising path).
    public func sample(_ ctx: Context, noise: [Float], steps: Int, trace: ((Int, [Float]) -> Void)? = nil) -> [Float] {
        var x = noise
        let dt = 1.0 / Double(steps)
        let dtf = Float(dt)
        for i in 0..<steps {
            let tau = Float(1.0 - Double(i) * dt)
            let v = velocity(ctx, xt: x, tau: tau)
            for j in 0..<x.count { x[j] -= dtf * v[j] }
            trace?(i + 1, x)
        }
        return x
    }
}
