import Foundation
import Testing
import TestSupport

@Test func scenesJSONCoversEveryFamilyWithEnoughTasks() throws {
    let r = try runVlaplay(["scenes", "--json"])
    #expect(r.status == 0, "\(r.stderr)")
    let rows = json(r.stdout) as? [[String: Any]] ?? []
    var tasksByFamily: [String: Int] = [:]
    var suites: [String: Int] = [:]
    for row in rows {
        let tasks = row["tasks"] as? [[String: Any]] ?? []
        for t in tasks { #expect(t["instruction"] is String && t["goal"] is String && t["max_steps"] is Int) }
        tasksByFamily[row["family"] as? String ?? "", default: 0] += tasks.count
        suites[row["name"] as? String ?? ""] = tasks.count
        #expect(row["robot"] is String)
    }
    #expect(Set(tasksByFamily.keys) == ["manipulation", "bimanual", "navigation", "mobile_manipulation", "trajectory"])
    for suite in ["libero_spatial", "libero_object", "libero_goal", "libero_long"] { #expect((suites[suite] ?? 0) >= 5, "\(suite)") }
    #expect((tasksByFamily["bimanual"] ?? 0) >= 3 && (tasksByFamily["navigation"] ?? 0) >= 5)
    #expect((tasksByFamily["mobile_manipulation"] ?? 0) >= 2 && (tasksByFamily["trajectory"] ?? 0) >= 3)
}

@Test func checkAcceptsEveryShippedSceneAndCard() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: repoRoot + "/Scenes").filter { $0.hasSuffix(".yaml") }.map { repoRoot + "/Scenes/" + $0 }
    let r = try runVlaplay(["check"] + files)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("\(files.count) ok, 0 with errors"))
}

@Test func runTwiceWithTheSameSeedWritesIdenticalLogs() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vlaplay-run-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    for scene in ["libero_object", "nav_apartment", "aloha_bimanual"] {
        let a = dir.appendingPathComponent("\(scene)-a.jsonl").path, b = dir.appendingPathComponent("\(scene)-b.jsonl").path
        let ra = try runVlaplay(["run", "--scene", scene, "--policy", "hold", "--seed", "3", "--log", a, "--json"])
        let rb = try runVlaplay(["run", "--scene", scene, "--policy", "hold", "--seed", "3", "--log", b, "--json"])
        #expect(ra.status == 0 && rb.status == 0, "\(ra.stderr)")
        let summary = json(ra.stdout) as? [String: Any] ?? [:]
        #expect(summary["success"] is Bool && summary["steps"] is Int && summary["reason"] is String && summary["metrics"] is [String: Any])
        #expect(try Data(contentsOf: URL(fileURLWithPath: a)) == Data(contentsOf: URL(fileURLWithPath: b)), "\(scene)")
        // The log replays: same number of steps.
        let replay = try runVlaplay(["run", "--scene", scene, "--policy", "replay:\(a)", "--seed", "3", "--json"])
        #expect(replay.status == 0 && (json(replay.stdout) as? [String: Any])?["steps"] as? Int == summary["steps"] as? Int)
    }
}

@Test func evalReportsFamiliesAndBadFlagsAreExplained() throws {
    let r = try runVlaplay(["eval", "--family", "trajectory", "--policy", "hold", "--episodes", "1", "--jobs", "2", "--json"])
    #expect(r.status == 0, "\(r.stderr)")
    let out = json(r.stdout) as? [String: Any] ?? [:]
    let families = out["families"] as? [String: [String: Any]] ?? [:]
    #expect(families["trajectory"]?["success_rate"] as? Double == 0)   // holding still follows no path
    #expect((families["trajectory"]?["metrics"] as? [String: Double])?["ade"] != nil)
    let bad = try runVlaplay(["eval", "--family", "cooking"])
    #expect(bad.status != 0 && bad.stderr.contains("manipulation, bimanual, navigation"))
    let nonsense = try runVlaplay(["run", "--scene", "libero_goal", "--policy", "oracle"])
    #expect(nonsense.status != 0 && nonsense.stderr.contains("unknown policy `oracle`"))
    let swapped = try runVlaplay(["run", "--scene", "libero_goal", "--robot", "ur5e", "--max-steps", "3", "--json"])
    #expect(swapped.status == 0 && (json(swapped.stdout) as? [String: Any])?["robot"] as? String == "ur5e")
    let wrong = try runVlaplay(["run", "--scene", "libero_goal", "--robot", "turtlebot3_waffle"])
    #expect(wrong.status == 1 && wrong.stderr.contains("single-arm"))
}

@Test func theExpertSucceedsFromTheCommandLine() throws {
    let r = try runVlaplay(["run", "--scene", "libero_goal", "--task", "0", "--policy", "expert", "--json"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect((json(r.stdout) as? [String: Any])?["success"] as? Bool == true, "\(r.stdout)")
    let e = try runVlaplay(["eval", "--scene", "aloha_bimanual", "--policy", "expert", "--episodes", "1", "--jobs", "2", "--json"])
    let fam = (json(e.stdout) as? [String: Any])?["families"] as? [String: [String: Any]]
    #expect(fam?["bimanual"]?["success_rate"] as? Double == 1, "\(e.stdout)")
}

@Test func promptPrintsTheTemplateAndCheckNamesAnInvertedGripper() throws {
    let p = try runVlaplay(["prompt", "--robot", "franka_panda", "--instruction", "put the cube in the bowl"])
    #expect(p.status == 0 && p.stdout.hasPrefix("The robot is Franka Emika Panda with single arm."))
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vlaplay-prompt-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("inverted.txt").path
    try p.stdout.replacingOccurrences(of: "-1 opens it and 1 closes it", with: "1 opens it and -1 closes it").write(toFile: file, atomically: true, encoding: .utf8)
    let check = try runVlaplay(["prompt", "--robot", "franka_panda", "--check", file])
    #expect(check.status == 1 && check.stdout.contains("gripper_sign") && check.stdout.contains("gripper sign inverted"))
    let j = try runVlaplay(["prompt", "--robot", "franka_panda", "--check", file, "--json"])
    let obj = json(j.stdout) as? [String: Any] ?? [:]
    #expect(obj["claimed"] is [String: Any] && obj["unread"] is [Any])
    let findings = obj["findings"] as? [[String: Any]] ?? []
    #expect(findings.contains { $0["field"] as? String == "gripper_sign" && $0["severity"] as? String == "error" && $0["message"] is String })
    let good = dir.appendingPathComponent("good.txt").path
    try p.stdout.write(toFile: good, atomically: true, encoding: .utf8)
    #expect(try runVlaplay(["prompt", "--robot", "franka_panda", "--check", good]).status == 0)
}

@Test func probeReportsAxisByAxis() throws {
    let ok = try runVlaplay(["probe", "--robot", "franka_panda"])
    #expect(ok.status == 0 && ok.stdout.contains("asked +z 2 cm: moved +z 2.0 cm ✓"), "\(ok.stdout)")
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vlaplay-probe-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let prompt = try runVlaplay(["prompt", "--robot", "franka_panda"]).stdout
    let file = dir.appendingPathComponent("p.txt").path
    try prompt.replacingOccurrences(of: "-1 opens it and 1 closes it", with: "1 opens it and -1 closes it").write(toFile: file, atomically: true, encoding: .utf8)
    let bad = try runVlaplay(["probe", "--robot", "franka_panda", "--prompt", file, "--json"])
    #expect(bad.status == 1)
    let rows = json(bad.stdout) as? [[String: Any]] ?? []
    #expect(rows.contains { ($0["asked"] as? String) == "close the gripper" && ($0["observed"] as? String) == "gripper opened" && ($0["ok"] as? Bool) == false })
}
