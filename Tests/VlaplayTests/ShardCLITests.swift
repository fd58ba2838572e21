import Foundation
import Testing

/// `vlaplay eval --shard I/N` and `vlaplay merge` as a user runs them (docs/SCALE.md):
/// the shards cover every episode of the batch exactly once, a shard is the same
/// whatever machine or --jobs runs it, and the merged parts print byte for byte what
/// one unsharded run prints.
struct ShardCLITests {
    static let batch = ["eval", "--family", "trajectory", "--episodes", "2", "--seed", "11"]

    func episodes(_ stdout: String) -> [[String: Any]] { (json(stdout) as? [String: Any])?["episodes"] as? [[String: Any]] ?? [] }

    func canonical(_ value: Any) -> String {
        String(decoding: (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])) ?? Data(), as: UTF8.self)
    }

    func temporaryFolder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vlaplay-shard-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func shardsCoverEveryEpisodeExactlyOnceAndMergeToTheUnshardedBytes() throws {
        let whole = try runVlaplay(Self.batch + ["--json"])
        #expect(whole.status == 0, "\(whole.stderr)")
        let all = episodes(whole.stdout)
        #expect(all.count == 18 && all.map { $0["index"] as? Int } == Array(0..<18))   // 9 tasks × 2 seeds
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for n in [4, 5] {   // 5 does not divide 18: shards of 4 and 3
            var seen: [Int: Int] = [:]
            var paths: [String] = []
            for i in 0..<n {
                let part = try runVlaplay(Self.batch + ["--shard", "\(i)/\(n)", "--json"])
                #expect(part.status == 0, "\(part.stderr)")
                #expect((json(part.stdout) as? [String: Any])?["shard"] as? String == "\(i)/\(n)")
                for e in episodes(part.stdout) {
                    let k = e["index"] as? Int ?? -1
                    seen[k, default: 0] += 1
                    #expect(k % n == i, "episode \(k) in shard \(i)/\(n)")
                    // The same episode as in the whole batch: scene, task, seed, result.
                    #expect(canonical(e) == canonical(all[k]), "episode \(k)")
                }
                let path = dir + "/part-\(n)-\(i).json"
                try Data(part.stdout.utf8).write(to: URL(fileURLWithPath: path))
                paths.append(path)
            }
            #expect(seen.keys.sorted() == Array(0..<18) && seen.values.allSatisfy { $0 == 1 }, "\(n) shards: \(seen)")
            let merged = try runVlaplay(["merge"] + paths.reversed() + ["--json"])   // any order
            #expect(merged.status == 0, "\(merged.stderr)")
            #expect(merged.stdout == whole.stdout, "\(n) shards merged")
        }
        let text = try runVlaplay(Self.batch)
        let mergedText = try runVlaplay(["merge"] + (0..<4).map { dir + "/part-4-\($0).json" })
        #expect(text.stdout.hasPrefix(mergedText.stdout.trimmingCharacters(in: .newlines)), "the tables, without the timing line")
    }

    @Test func aShardIsTheSameWhateverTheJobs() throws {
        let one = try runVlaplay(Self.batch + ["--shard", "2/3", "--json", "--jobs", "1"])
        let two = try runVlaplay(Self.batch + ["--shard", "2/3", "--json", "--jobs", "2"])
        #expect(one.status == 0 && two.status == 0, "\(one.stderr) \(two.stderr)")
        #expect(one.stdout == two.stdout && episodes(one.stdout).count == 6)
    }

    @Test func mergeRefusesMissingRepeatedAndForeignParts() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func part(_ name: String, _ args: [String]) throws -> String {
            let r = try runVlaplay(args + ["--json"])
            #expect(r.status == 0, "\(r.stderr)")
            try Data(r.stdout.utf8).write(to: URL(fileURLWithPath: dir + "/" + name))
            return dir + "/" + name
        }
        let p0 = try part("p0", ["eval", "--scene", "trajectory", "--episodes", "1", "--shard", "0/3"])
        let p1 = try part("p1", ["eval", "--scene", "trajectory", "--episodes", "1", "--shard", "1/3"])
        let other = try part("o2", ["eval", "--scene", "trajectory", "--episodes", "1", "--shard", "2/3", "--seed", "4"])
        let missing = try runVlaplay(["merge", p0, p1])
        #expect(missing.status == 1 && missing.stderr.contains("shard 2/3 missing"), "\(missing.stderr)")
        let twice = try runVlaplay(["merge", p0, p1, p1])
        #expect(twice.status == 1 && twice.stderr.contains("both shard 1/3"), "\(twice.stderr)")
        let foreign = try runVlaplay(["merge", p0, p1, other])
        #expect(foreign.status == 1 && foreign.stderr.contains("different batches: their seed differ"), "\(foreign.stderr)")
        let bad = try runVlaplay(["eval", "--scene", "trajectory", "--shard", "3/3"])
        #expect(bad.status == 64 && bad.stderr.contains("I/N with 0 ≤ I < N"), "\(bad.stderr)")
    }

    @Test func recordShardsKeepTheirShareOfTheEpisodes() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let args = ["record", "--scene", "trajectory", "--episodes", "3", "--image-size", "8x8", "--embodiments", "card", "--no-paraphrase", "--json"]
        let kept = try (0..<2).map { i -> Int in
            let r = try runVlaplay(args + ["--shard", "\(i)/2", "--out", dir + "/s\(i)"])
            #expect(r.status == 0, "\(r.stderr)")
            let vlaplayJSON = json((try? String(contentsOfFile: dir + "/s\(i)/franka_panda_20hz/meta/vlaplay.json", encoding: .utf8)) ?? "") as? [String: Any]
            #expect(vlaplayJSON?["shard"] as? String == "\(i)/2")
            return (json(r.stdout) as? [String: Any])?["kept"] as? Int ?? -1
        }
        #expect(kept == [2, 1])
    }
}
