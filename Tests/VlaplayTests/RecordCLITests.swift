import Foundation
import Testing

/// `vlaplay record` as a user runs it: the files of a LeRobot dataset, the same bytes
/// whatever --jobs, and a refusal to write into a folder that holds something.
struct RecordCLITests {
    func temporaryFolder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("vlaplay-record-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
    }

    func files(under root: String) -> [String: Data] {
        var out: [String: Data] = [:]
        for case let name as String in FileManager.default.enumerator(atPath: root) ?? FileManager.DirectoryEnumerator() {
            let path = root + "/" + name
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue { out[name] = FileManager.default.contents(atPath: path) }
        }
        return out
    }

    @Test func recordsTheSameDatasetsWhateverTheJobs() throws {
        let a = temporaryFolder(), b = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: a); try? FileManager.default.removeItem(atPath: b) }
        let args = ["record", "--scene", "trajectory", "--episodes", "3", "--seed", "2", "--image-size", "16x16", "--embodiments", "card,flipped_gripper"]
        let one = try runVlaplay(args + ["--out", a, "--json"])
        #expect(one.status == 0, "\(one.stderr)")
        let summary = json(one.stdout) as? [String: Any] ?? [:]
        #expect(summary["kept"] as? Int == 3)
        let written = files(under: a)
        for rel in ["meta/info.json", "meta/stats.json", "meta/tasks.parquet", "meta/episodes/chunk-000/file-000.parquet", "data/chunk-000/file-000.parquet"] {
            #expect(written["franka_panda_20hz/" + rel] != nil, "\(rel) in \(written.keys.sorted())")
        }
        let info = json(String(decoding: written["franka_panda_20hz/meta/info.json"] ?? Data(), as: UTF8.self)) as? [String: Any] ?? [:]
        #expect(info["codebase_version"] as? String == "v3.0" && info["total_episodes"] as? Int == 3)
        let two = try runVlaplay(args + ["--out", b, "--jobs", "2"])
        #expect(two.status == 0, "\(two.stderr)")
        #expect(files(under: b) == written, "the same flags give the same bytes with --jobs 2")
    }

    @Test func refusesAFolderThatHoldsSomethingAndUnknownEmbodiments() throws {
        let a = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: a) }
        try FileManager.default.createDirectory(atPath: a, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: a + "/x", contents: Data())
        let r = try runVlaplay(["record", "--scene", "trajectory", "--episodes", "1", "--out", a])
        #expect(r.status == 1 && r.stderr.contains("not an empty folder"), "\(r.stderr)")
        let bad = try runVlaplay(["record", "--scene", "trajectory", "--out", a + "/new", "--embodiments", "card,upside_down"])
        #expect(bad.status != 0 && bad.stderr.contains("upside_down") && bad.stderr.contains("flipped_gripper"), "\(bad.stderr)")
    }
}
