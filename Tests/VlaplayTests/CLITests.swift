import Foundation
import Testing
import TestSupport

@Test func robotsJSONListsEveryKind() throws {
    let r = try runVlaplay(["robots", "--json"])
    #expect(r.status == 0, "\(r.stderr)")
    let rows = json(r.stdout) as? [[String: Any]] ?? []
    #expect(rows.count >= 7)
    let kinds = Set(rows.compactMap { $0["kind"] as? String })
    #expect(kinds == ["arm", "bimanual", "mobile_base", "mobile_manipulator"])
    for row in rows {
        #expect(row["name"] is String && row["dof"] is Int && row["control_mode"] is String && row["frequency_hz"] is Double)
    }
}

@Test func fkOfTheReadyPoseAndIKRoundTrip() throws {
    let fk = try runVlaplay(["fk", "--robot", "franka_panda", "--q", "0,-0.3,0,-2.2,0,2.0,0.7853981634", "--json"])
    #expect(fk.status == 0, "\(fk.stderr)")
    let obj = json(fk.stdout) as? [String: Any] ?? [:]
    let p = obj["position"] as? [Double] ?? []
    #expect(p.count == 3)
    #expect(abs(p[0] - 0.484) < 2e-3 && abs(p[1]) < 2e-3 && abs(p[2] - 0.413) < 2e-3)
    #expect((obj["quaternion_wxyz"] as? [Double])?.count == 4 && (obj["rpy"] as? [Double])?.count == 3)

    let rpy = (obj["rpy"] as? [Double] ?? []).map { String($0) }.joined(separator: ",")
    let ik = try runVlaplay(["ik", "--robot", "franka_panda", "--xyz", p.map { String($0) }.joined(separator: ","), "--rpy", rpy, "--json"])
    #expect(ik.status == 0, "\(ik.stderr)")
    let sol = json(ik.stdout) as? [String: Any] ?? [:]
    #expect(sol["success"] as? Bool == true)
    #expect((sol["position_error"] as? Double ?? 1) < 1e-4 && (sol["rotation_error"] as? Double ?? 1) < 1e-3)
    // Round trip: FK of the answer lands on the same point.
    let q = (sol["q"] as? [Double] ?? []).map { String($0) }.joined(separator: ",")
    let back = json(try runVlaplay(["fk", "--robot", "franka_panda", "--q", q, "--json"]).stdout) as? [String: Any] ?? [:]
    let p2 = back["position"] as? [Double] ?? [0, 0, 0]
    #expect(zip(p, p2).allSatisfy { abs($0 - $1) < 1e-4 })
}

@Test func twoArmedRobotsNeedAnArmAndBadInputIsExplained() throws {
    let noArm = try runVlaplay(["fk", "--robot", "aloha"])
    #expect(noArm.status != 0 && noArm.stderr.contains("--arm left|right"))
    let left = try runVlaplay(["fk", "--robot", "aloha", "--arm", "left", "--json"])
    #expect(left.status == 0)
    let wrongCount = try runVlaplay(["fk", "--robot", "franka_panda", "--q", "0,1"])
    #expect(wrongCount.status != 0 && wrongCount.stderr.contains("has 7 joints"))
    let outside = try runVlaplay(["fk", "--robot", "franka_panda", "--q", "0,0,0,0,0,0,0"])
    #expect(outside.status != 0 && outside.stderr.contains("panda_joint4") && outside.stderr.contains("outside its limits"))
    let unknown = try runVlaplay(["robot", "franka_pand"])
    #expect(unknown.status == 1 && unknown.stderr.contains("did you mean `franka_panda`"))
    let base = try runVlaplay(["fk", "--robot", "turtlebot3_waffle"])
    #expect(base.status == 1 && base.stderr.contains("has no arm"))
}

@Test func checkReportsLocatedErrorsAndExitsOne() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vlaplay-check-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let text = try String(contentsOfFile: robotsDir + "/ur5e.yaml", encoding: .utf8).replacingOccurrences(of: "chunk: 16", with: "chunk: -3")
    let bad = dir.appendingPathComponent("ur5e.yaml").path
    try text.write(toFile: bad, atomically: true, encoding: .utf8)
    let r = try runVlaplay(["check", robotsDir + "/franka_panda.yaml", bad])
    #expect(r.status == 1)
    let line = (text.components(separatedBy: "\n").firstIndex { $0.contains("chunk: -3") } ?? -2) + 1
    #expect(r.stderr.contains("\(bad):\(line):"))
    #expect(r.stderr.contains("control.chunk") && r.stderr.contains("a chunk length from 1 to 4096"))
    let good = try runVlaplay(["check", "--json", robotsDir + "/franka_panda.yaml"])
    #expect(good.status == 0 && (json(good.stdout) as? [[String: Any]])?.first?["ok"] as? Bool == true)
}

@Test func noArgumentsTeachesTheCommands() throws {
    let r = try runVlaplay([])
    #expect(r.status == 0)
    for word in ["robots", "fk", "ik", "check", "bench", "--json"] { #expect(r.stdout.contains(word)) }
}

@Test func checkReportsTheErrorsAfterAWrongName() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vlaplay-check-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let card = try String(contentsOfFile: repoRoot + "/Robots/franka_panda.yaml", encoding: .utf8)
        .replacingOccurrences(of: "name: franka_panda", with: "name: panda")
        .replacingOccurrences(of: "frequency_hz: 20", with: "frequency_hz: -5")
    let file = dir.appendingPathComponent("franka_panda.yaml").path
    try card.write(toFile: file, atomically: true, encoding: .utf8)
    let r = try runVlaplay(["check", file])
    #expect(r.status == 1)
    #expect(r.stderr.contains("error: name: expected the file's name `franka_panda`"))
    #expect(r.stderr.contains("error: control.frequency_hz: expected a number above 0"), "the second error is not hidden: \(r.stderr)")
}
