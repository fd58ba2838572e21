import ArgumentParser
import Assets
import Episode
import Foundation

/// `vlaplay merge`: the shards of one `vlaplay eval` batch, back into its report.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the --json results of `vlaplay eval --shard I/N` runs into the report one unsharded run prints.",
        discussion: """
        Every part must come from the same batch (policy, seed, episodes per task, tasks) and every shard 0…N-1 must be there exactly once; the report is rebuilt from the parts' per-episode results by the same code `eval` uses, so `merge --json` prints byte for byte what `eval --json` prints for the whole batch. A pool's per-server figures (timings) are not carried over. See docs/SCALE.md.

        Examples:
          for i in 0 1 2 3; do vlaplay eval --family navigation --episodes 20 --shard $i/4 --json > part$i.json; done
          vlaplay merge part*.json --json
        """)

    @Argument(help: ArgumentHelp("The parts: files written by `vlaplay eval --shard I/N --json`.", valueName: "part.json")) var parts: [String]
    @Flag(help: "Print the merged report as JSON (as `vlaplay eval --json` does).") var json = false

    func validate() throws {
        if parts.isEmpty { throw ValidationError("name the parts: vlaplay merge part0.json part1.json …") }
    }

    func run() throws {
        try reportingErrors {
            let reports = try parts.map(readPart)
            let merged = try Self.merge(zip(parts, reports).map { ($0, $1) })
            if json { try printJSON(merged) } else { print(merged.text) }
        }
    }

    func readPart(_ path: String) throws -> EvalReport {
        let text: String
        do { text = try TextFiles.read(path) } catch { throw CLIError("cannot read \(path): \(error.localizedDescription)") }
        do { return try JSONDecoder().decode(EvalReport.self, from: Data(text.utf8)) } catch {
            throw CLIError("\(path) is not a `vlaplay eval --json` result: \(error)")
        }
    }

    /// The report of the whole batch, or an error naming the part that does not fit.
    static func merge(_ parts: [(path: String, report: EvalReport)]) throws -> EvalReport {
        guard let (firstPath, first) = parts.first else { throw CLIError("no parts to merge") }
        var count: Int?
        var seen: [Int: String] = [:]
        for (path, r) in parts {
            for (what, same) in [("policy", r.policy == first.policy), ("seed", r.seed == first.seed),
                                 ("episodes per task", r.episodes_per_task == first.episodes_per_task), ("tasks", r.catalogue == first.catalogue)] where !same {
                throw CLIError("\(path) and \(firstPath) come from different batches: their \(what) differ")
            }
            let shard = r.shard.flatMap(Shard.init(parsing:)) ?? .whole
            if let count, count != shard.count { throw CLIError("\(path) is shard \(shard) but \(firstPath) is one of \(count) shards") }
            count = shard.count
            if let other = seen[shard.index] { throw CLIError("\(path) and \(other) are both shard \(shard)") }
            seen[shard.index] = path
        }
        let n = count ?? 1
        let missing = (0..<n).filter { seen[$0] == nil }
        if !missing.isEmpty {
            throw CLIError("shard\(missing.count == 1 ? "" : "s") \(missing.map { "\($0)/\(n)" }.joined(separator: ", ")) missing: merge needs every shard of the batch")
        }
        let episodes = parts.flatMap(\.report.episodes)
        let expected = first.catalogue.count * first.episodes_per_task
        let numbers = Set(episodes.map(\.index))
        guard numbers.count == episodes.count, numbers == Set(0..<expected) else {
            throw CLIError("the parts hold \(episodes.count) episode results (\(numbers.count) distinct) where the batch has \(expected): a part was cut short or edited")
        }
        return EvalReport.make(policy: first.policy, seed: first.seed, episodesPerTask: first.episodes_per_task,
                               catalogue: first.catalogue, episodes: episodes)
    }
}
