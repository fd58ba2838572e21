import Foundation
import Testing
import World
@testable import Dataset

/// LeRobot's statistics, number for number where they are exact, and its
/// histogram quantiles within a bin. python/tests/test_lerobot_dataset.py checks a
/// recorded dataset against LeRobot's own algorithm in numpy.
struct FeatureStatsTests {
    @Test func vectorStatisticsAreLeRobots() {
        let s = FeatureStats.of(rows: [[1, 10], [2, 10], [3, 10], [4, 10]])
        #expect(s.min == [1, 10] && s.max == [4, 10] && s.mean == [2.5, 10] && s.count == 4)
        #expect(abs(s.std[0] - 1.25.squareRoot()) < 1e-12 && s.std[1] == 0)
        // q01 falls in the first bin, which LeRobot answers with the lowest edge.
        #expect(abs(s.quantiles[0][0] - (1 - 1e-10)) < 1e-12)
        let bin = 3.0 / 5000
        #expect(abs(s.quantiles[2][0] - 2) <= bin, "q50 within a bin of the median: \(s.quantiles[2][0])")
        #expect(abs(s.quantiles[4][0] - 4) <= bin)
        // A constant dimension: every quantile at the value.
        #expect(s.quantiles.allSatisfy { abs($0[1] - 10) < 1e-9 })
    }

    @Test func oneFrameHasQuantilesAtTheMean() {
        let s = FeatureStats.of(rows: [[0.5, -2]])
        #expect(s.std == [0, 0] && s.count == 1)
        #expect(s.quantiles.allSatisfy { $0 == [0.5, -2] })
    }

    @Test func aggregationPoolsMeansAndVariancesAndTakesExtremeQuantiles() {
        let a: [[Double]] = [[1], [2], [3]], b: [[Double]] = [[10], [20]]
        let merged = FeatureStats.aggregate([.of(rows: a), .of(rows: b)])
        let whole = FeatureStats.of(rows: a + b)
        #expect(merged.count == 5 && merged.min == [1] && merged.max == [20])
        #expect(abs(merged.mean[0] - whole.mean[0]) < 1e-12 && abs(merged.std[0] - whole.std[0]) < 1e-9)
        // LeRobot merges quantiles crudely: the smallest for q ≤ 50, the largest above.
        #expect(merged.quantiles[2][0] == FeatureStats.of(rows: a).quantiles[2][0])
        #expect(merged.quantiles[4][0] == FeatureStats.of(rows: b).quantiles[4][0])
    }

    @Test func imageStatisticsArePerChannelOverSampledFramesInZeroToOne() {
        let frames = (0..<3).map { _ in RGBImage(width: 4, height: 2, fill: (255, 51, 0)) }
        let s = FeatureStats.of(images: frames)
        #expect(s.perChannel && s.count == 3)
        #expect(s.min == [1, 0.2, 0] && s.max == [1, 0.2, 0] && s.mean == [1, 0.2, 0] && s.std == [0, 0, 0])
        // Written with shape (3, 1, 1), as LeRobot's image statistics are.
        guard case .object(let o) = s.json, case .array(let mean)? = o["mean"] else { Issue.record("no mean"); return }
        #expect(mean == [.array([.array([.number(1)])]), .array([.array([.number(0.2)])]), .array([.array([.number(0)])])])
    }

    @Test func framesAreSampledAsLeRobotSamplesThem() {
        #expect(FeatureStats.sampleIndices(50) == Array(0..<50))
        let many = FeatureStats.sampleIndices(150)
        #expect(many.count == 100 && many.first == 0 && many.last == 149 && Set(many).count == 100)
        // Above ~464 frames, n^0.75 samples.
        #expect(FeatureStats.sampleIndices(1000).count == Int(pow(1000.0, 0.75)))
    }

    @Test func episodeColumnsFollowLeRobotsOrderAndTypes() {
        let columns = FeatureStats.of(rows: [[1], [2]]).columns(feature: "action")
        #expect(columns.map(\.0.name) == ["min", "max", "mean", "std", "count", "q01", "q10", "q50", "q90", "q99"].map { "stats/action/\($0)" })
        #expect(columns[4].0.type == .list(.int64) && columns[0].0.type == .list(.float64))
        let image = FeatureStats.of(images: [RGBImage(width: 2, height: 2)]).columns(feature: "observation.images.wrist")
        #expect(image[0].0.type == .list(.list(.list(.float64))))
    }
}
