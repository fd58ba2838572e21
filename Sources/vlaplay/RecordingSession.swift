import Dataset
import Episode
import Foundation
import Policy

/// The recording's running state: attempts arrive in any order (parallel jobs) and
/// are taken in attempt order, so the same seed gives the same datasets whatever
/// --jobs is (a shard's attempts are I, I+N, I+2N, …). Each kept episode goes to its dataset (one per robot and frequency)
/// and its bytes to disk at once.
struct Recording {
    let root: String
    let wanted: Int
    let keepFailures: Bool
    let shard: Shard
    private(set) var datasets: [String: LeRobotDatasetBuilder] = [:]
    private var pending: [Int: RecordedEpisode] = [:]
    private var nextAttempt: Int
    private(set) var kept = 0
    private(set) var attempts = 0
    private(set) var failures: [String: Int] = [:]
    private(set) var paraphrased = 0
    private(set) var embodiments: [String: Int] = [:]

    init(root: String, wanted: Int, keepFailures: Bool, shard: Shard = .whole) {
        self.root = root; self.wanted = wanted; self.keepFailures = keepFailures; self.shard = shard
        nextAttempt = shard.index
    }

    mutating func receive(_ result: RecordedEpisode) throws {
        pending[result.job.attempt] = result
        while let r = pending.removeValue(forKey: nextAttempt) {
            nextAttempt += shard.count
            guard kept < wanted else { continue }   // finished early by parallel jobs: not needed
            attempts += 1
            if !r.success { failures[Self.shortReason(r.reason), default: 0] += 1 }
            guard r.success || keepFailures, let data = r.data else { continue }
            let name = "\(r.job.robot.name)_\(r.fps)hz"
            var builder = datasets[name] ?? LeRobotDatasetBuilder(features: DatasetFeatures(
                robotType: r.job.robot.name, fps: r.fps, actionNames: r.job.robot.actionLayout,
                stateNames: ProprioState.recordedNames(robot: r.robot), cameras: r.settings.cameras,
                imageWidth: r.settings.imageWidth, imageHeight: r.settings.imageHeight))
            do {
                try DatasetWriter(root: (root as NSString).appendingPathComponent(name)).apply(try builder.add(data))
            } catch let e as DatasetError { throw CLIError("\(name): \(e.description)") }
            datasets[name] = builder
            kept += 1
            if data.provenance.instructionSource != "scene" { paraphrased += 1 }
            embodiments[r.job.variant.rawValue, default: 0] += 1
        }
    }

    func finish(settings: JSONValue) throws {
        for (name, builder) in datasets {
            let writer = DatasetWriter(root: (root as NSString).appendingPathComponent(name))
            try writer.apply(try builder.finish())
            try writer.apply([DatasetWrite(path: "meta/vlaplay.json", bytes: Array(settings.text.utf8), mode: .create)])
        }
    }

    static func shortReason(_ reason: String) -> String {
        String(reason.split(separator: ":").first ?? Substring(reason))
    }
}
