import Foundation
import World

/// What `vlaplay eval` reports, as a pure function of the episodes' results: the one
/// report builder behind `eval` and `merge`, so that the shards of a batch, merged,
/// print exactly the bytes one unsharded run prints (docs/SCALE.md).
///
/// Nothing in it depends on the order in which episodes finished or on where they
/// ran: episodes are taken in their batch number's order (sums of floating-point
/// metrics depend on the order), and wall-clock time is left out (the command prints
/// it on stderr).
struct EvalReport: Codable, Equatable {
    /// One task of the batch: what the report lists even for a shard that ran none of its episodes.
    struct TaskRow: Codable, Equatable {
        var scene: String; var family: String; var task: Int; var instruction: String; var episodes: Int; var success_rate: Double
        var metrics: [String: Double]
        var refused: String?
        /// Episodes of this task whose policy failed (threw, or sent a chunk the controller refused), and the first reason.
        var policy_errors: Int
        var policy_error: String?
    }
    struct FamilyRow: Codable, Equatable { var episodes: Int; var success_rate: Double; var metrics: [String: Double] }
    /// One episode's result: what a merge needs to rebuild every row.
    struct EpisodeRow: Codable, Equatable {
        /// The episode's number in the batch (scene, then task, then seed): the shard rule's k.
        var index: Int
        var scene: String; var task: Int; var seed: UInt64; var success: Bool
        /// Control steps taken (what a policy server is asked for, divided by the actions used per chunk).
        var steps: Int
        /// Finite values only (a non-finite metric is left out of every mean, and JSON cannot carry it).
        var metrics: [String: Double]
        var refused: String?
        /// Why the policy failed, when it did (`EpisodeSummary.policyError`).
        var policy_error: String?
    }
    /// The catalogue entry of one task, in batch order.
    struct TaskKey: Equatable { var scene: String; var family: String; var task: Int; var instruction: String }

    var policy: String
    var seed: UInt64
    var episodes_per_task: Int
    var families: [String: FamilyRow]
    var tasks: [TaskRow]
    var episodes: [EpisodeRow]
    /// Set on a shard's report only ("I/N"); a merged or unsharded report has none.
    var shard: String?
    /// Per-server figures of a policy pool (`--policy a,b`); timings, so never part of a merge.
    var servers: [PolicyPoolRow]?
    /// Episodes whose policy failed; when it is every episode, eval exits 1.
    var policy_errors: Int

    /// The report of `episodes` (any order) over the batch's `catalogue`.
    static func make(policy: String, seed: UInt64, episodesPerTask: Int, catalogue: [TaskKey], episodes: [EpisodeRow],
                     shard: String? = nil, servers: [PolicyPoolRow]? = nil) -> EvalReport {
        let ordered = episodes.sorted { $0.index < $1.index }
        let familyOf = Dictionary(catalogue.map { ($0.scene, $0.family) }, uniquingKeysWith: { a, _ in a })
        let rows = catalogue.map { key in
            let mine = ordered.filter { $0.scene == key.scene && $0.task == key.task }
            return TaskRow(scene: key.scene, family: key.family, task: key.task, instruction: key.instruction, episodes: mine.count,
                           success_rate: rate(mine), metrics: means(mine), refused: mine.compactMap(\.refused).first,
                           policy_errors: mine.filter { $0.policy_error != nil }.count, policy_error: mine.compactMap(\.policy_error).first)
        }
        var families: [String: FamilyRow] = [:]
        for f in SceneFamily.allCases {
            let mine = ordered.filter { familyOf[$0.scene] == f.rawValue }
            if !mine.isEmpty { families[f.rawValue] = FamilyRow(episodes: mine.count, success_rate: rate(mine), metrics: means(mine)) }
        }
        return EvalReport(policy: policy, seed: seed, episodes_per_task: episodesPerTask, families: families, tasks: rows,
                          episodes: ordered, shard: shard, servers: servers, policy_errors: ordered.filter { $0.policy_error != nil }.count)
    }

    var catalogue: [TaskKey] { tasks.map { TaskKey(scene: $0.scene, family: $0.family, task: $0.task, instruction: $0.instruction) } }

    static func rate(_ o: [EpisodeRow]) -> Double { o.isEmpty ? 0 : Double(o.filter(\.success).count) / Double(o.count) }

    static func means(_ o: [EpisodeRow]) -> [String: Double] {
        var sums: [String: Double] = [:]
        for x in o { for (k, v) in x.metrics where v.isFinite { sums[k, default: 0] += v } }
        return sums.mapValues { $0 / Double(max(1, o.count)) }
    }

    /// The tables `eval` prints without --json.
    var text: String {
        let taskTable = table(["SCENE", "TASK", "SUCCESS", "METRICS", "INSTRUCTION (or why it was refused)"], tasks.map {
            [$0.scene, "\($0.task)", String(format: "%3.0f%%", 100 * $0.success_rate),
             $0.metrics.filter { $0.key != "success" }.sorted { $0.key < $1.key }.map { "\($0.key) \(fmt($0.value, 2))" }.joined(separator: " "),
             $0.refused.map { String($0.prefix(90)) } ?? String($0.instruction.prefix(60))]
        })
        let familyTable = table(["FAMILY", "EPISODES", "SUCCESS", "METRICS"], families.sorted { $0.key < $1.key }.map {
            [$0.key, "\($0.value.episodes)", String(format: "%3.1f%%", 100 * $0.value.success_rate),
             $0.value.metrics.filter { $0.key != "success" }.sorted { $0.key < $1.key }.map { "\($0.key) \(fmt($0.value, 3))" }.joined(separator: " ")]
        })
        var out = taskTable + "\n\n" + familyTable
        if let servers, !servers.isEmpty { out += "\n\n" + PolicyPoolRow.summaryTable(servers) }
        return out
    }
}
