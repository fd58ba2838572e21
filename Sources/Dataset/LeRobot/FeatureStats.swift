import Spatial
import Episode
import Foundation
import World

/// One feature's normalisation statistics as LeRobot computes them
/// (lerobot/datasets/compute_stats.py): per dimension min, max, mean, std, the
/// frame count, and the quantiles q01 q10 q50 q90 q99 read off a 5000-bin
/// histogram between min and max. Images are per channel over sampled frames,
/// scaled to [0, 1]. The same arithmetic, so a model normalising by these numbers
/// sees what LeRobot would have written.
public struct FeatureStats: Sendable, Equatable {
    public var min: [Double]
    public var max: [Double]
    public var mean: [Double]
    public var std: [Double]
    public var count: Int
    /// One array per `LeRobotLayout.quantiles` entry.
    public var quantiles: [[Double]]
    /// Image statistics are per channel and written with shape (3, 1, 1).
    public var perChannel = false

    /// Statistics of `rows` (frames × dimensions).
    public static func of(rows: [[Double]]) -> FeatureStats {
        let n = rows.count
        let d = rows.first?.count ?? 0
        var columns = [[Double]](repeating: [], count: d)
        for k in 0..<d { columns[k] = rows.map { $0[k] } }
        return of(columns: columns.map { col in col.map { ($0, 1) } }, samples: n)
    }

    /// Statistics of `images`, each channel over every pixel of the frames LeRobot
    /// samples (`sample_indices`), divided by 255.
    public static func of(images: [RGBImage]) -> FeatureStats {
        let picked = sampleIndices(images.count).map { images[$0] }
        var counts = [[Int]](repeating: [Int](repeating: 0, count: 256), count: 3)
        for image in picked {
            image.pixels.withUnsafeBufferPointer { px in
                var i = 0
                while i < px.count {
                    counts[0][Int(px[i])] += 1; counts[1][Int(px[i + 1])] += 1; counts[2][Int(px[i + 2])] += 1
                    i += 3
                }
            }
        }
        let weighted = counts.map { c in (0..<256).compactMap { c[$0] > 0 ? (Double($0), c[$0]) : nil } }
        var s = of(columns: weighted, samples: picked.count)
        func scale(_ v: [Double]) -> [Double] { v.map { $0 / 255 } }
        s.min = scale(s.min); s.max = scale(s.max); s.mean = scale(s.mean); s.std = scale(s.std)
        s.quantiles = s.quantiles.map(scale)
        s.perChannel = true
        return s
    }

    /// `columns[k]`: dimension k's values with their multiplicities. `samples` is the
    /// count LeRobot reports (frames, not pixels).
    static func of(columns: [[(value: Double, times: Int)]], samples: Int) -> FeatureStats {
        var s = FeatureStats(min: [], max: [], mean: [], std: [], count: samples, quantiles: LeRobotLayout.quantiles.map { _ in [] })
        for col in columns {
            let n = col.reduce(0) { $0 + $1.times }
            let lo = col.map(\.value).min() ?? 0, hi = col.map(\.value).max() ?? 0
            var sum = 0.0, squares = 0.0
            for (v, t) in col { sum += v * Double(t); squares += v * v * Double(t) }
            let mean = n > 0 ? sum / Double(n) : 0
            s.min.append(lo); s.max.append(hi); s.mean.append(mean)
            // LeRobot's running statistics: std from the mean of squares, floored at 0.
            s.std.append((Swift.max(0, squares / Double(Swift.max(n, 1)) - mean * mean)).squareRoot())
            if n < 2 {
                // Too few values for a histogram: LeRobot sets every quantile to the mean.
                for q in s.quantiles.indices { s.quantiles[q].append(mean) }
                continue
            }
            var h = Histogram(lo: lo - 1e-10, hi: hi + 1e-10)
            for (v, t) in col { h.add(v, t) }
            for (q, entry) in LeRobotLayout.quantiles.enumerated() { s.quantiles[q].append(h.quantile(entry.q * Double(n))) }
        }
        return s
    }

    /// The frames LeRobot samples for image statistics: all below 100, else about
    /// n^0.75 (100 … 10 000) evenly spaced, rounded half to even as numpy does.
    public static func sampleIndices(_ n: Int) -> [Int] {
        guard n > 0 else { return [] }
        let samples = n < 100 ? n : Swift.max(100, Swift.min(clampedInt(pow(Double(n), 0.75), .towardZero), 10_000))
        guard samples > 1 else { return [0] }
        let step = Double(n - 1) / Double(samples - 1)
        return (0..<samples).map { i in i == samples - 1 ? n - 1 : clampedInt(Double(i) * step, .toNearestOrEven) }
    }

    /// The dataset's statistics from its episodes' (`aggregate_stats`): extremes of
    /// the extremes, the count-weighted mean, the pooled variance, and each quantile
    /// as LeRobot merges them — the smallest for q ≤ 50, the largest above.
    public static func aggregate(_ list: [FeatureStats]) -> FeatureStats {
        guard let first = list.first else { return FeatureStats(min: [], max: [], mean: [], std: [], count: 0, quantiles: []) }
        let d = first.mean.count
        let total = list.reduce(0) { $0 + $1.count }
        var out = first
        out.count = total
        for k in 0..<d {
            out.min[k] = list.map { $0.min[k] }.min()!
            out.max[k] = list.map { $0.max[k] }.max()!
            let mean = list.reduce(0.0) { $0 + $1.mean[k] * Double($1.count) } / Double(total)
            let variance = list.reduce(0.0) { acc, s in
                let delta = s.mean[k] - mean
                return acc + (s.std[k] * s.std[k] + delta * delta) * Double(s.count)
            } / Double(total)
            out.mean[k] = mean
            out.std[k] = variance.squareRoot()
            for (q, entry) in LeRobotLayout.quantiles.enumerated() {
                let values = list.map { $0.quantiles[q][k] }
                out.quantiles[q][k] = entry.q <= 0.5 ? values.min()! : values.max()!
            }
        }
        return out
    }

    /// The statistics in LeRobot's order: min, max, mean, std, count, then the quantiles.
    public var named: [(key: String, values: [Double])] {
        [("min", min), ("max", max), ("mean", mean), ("std", std)] + LeRobotLayout.quantiles.enumerated().map { ($0.element.key, quantiles[$0.offset]) }
    }

    /// As meta/stats.json writes one feature.
    public var json: JSONValue {
        var o: [String: JSONValue] = ["count": .array([.number(Double(count))])]
        for (key, values) in named { o[key] = perChannel ? .array(values.map { .array([.array([.number($0)])]) }) : .numbers(values) }
        return .object(o)
    }

    /// As meta/episodes writes one feature: a column `stats/<feature>/<stat>` each,
    /// lists of doubles (nested (3, 1, 1) for images), `count` a list of int64.
    public func columns(feature: String) -> [(ParquetField, ParquetValue)] {
        let type: ParquetType = perChannel ? .list(.list(.list(.float64))) : .list(.float64)
        func value(_ v: [Double]) -> ParquetValue { perChannel ? .list(v.map { .list([.list([.float64($0)])]) }) : .doubles(v) }
        var out: [(ParquetField, ParquetValue)] = []
        for (key, values) in named.prefix(4) { out.append((ParquetField("stats/\(feature)/\(key)", type), value(values))) }
        out.append((ParquetField("stats/\(feature)/count", .list(.int64)), .list([.int(count)])))
        for (key, values) in named.dropFirst(4) { out.append((ParquetField("stats/\(feature)/\(key)", type), value(values))) }
        return out
    }
}

/// numpy's histogram over `linspace(lo, hi, bins + 1)` edges (bins closed on the
/// left, the last on both sides) and the quantile LeRobot interpolates from it.
struct Histogram {
    static let bins = 5000
    let lo: Double, hi: Double
    let step: Double
    var counts = [Double](repeating: 0, count: Histogram.bins)

    init(lo: Double, hi: Double) {
        self.lo = lo; self.hi = hi
        step = (hi - lo) / Double(Histogram.bins)
    }

    func edge(_ i: Int) -> Double { i == Histogram.bins ? hi : lo + Double(i) * step }

    mutating func add(_ v: Double, _ times: Int) {
        guard v >= lo, v <= hi else { return }
        var i = Swift.min(Swift.max(clampedInt((v - lo) / step, .towardZero), 0), Histogram.bins - 1)
        while i > 0 && v < edge(i) { i -= 1 }
        while i < Histogram.bins - 1 && v >= edge(i + 1) { i += 1 }
        counts[i] += Double(times)
    }

    /// `_compute_single_quantile`: the first bin whose cumulative count reaches the
    /// target, interpolated linearly inside it.
    func quantile(_ target: Double) -> Double {
        var cumulative = 0.0
        for i in 0..<Histogram.bins {
            let before = cumulative
            cumulative += counts[i]
            guard cumulative >= target else { continue }
            if i == 0 { return edge(0) }
            let inBin = cumulative - before
            if inBin == 0 { return edge(i) }
            return edge(i) + (target - before) / inBin * (edge(i + 1) - edge(i))
        }
        return edge(Histogram.bins)
    }
}
