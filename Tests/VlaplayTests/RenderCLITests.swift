import Foundation
import Testing

@Test func renderListsTheConventionalCameras() throws {
    let r = try runVlaplay(["render", "--scene", "aloha_bimanual", "--list", "--json"])
    #expect(r.status == 0, "\(r.stderr)")
    let rows = json(r.stdout) as? [[String: Any]] ?? []
    #expect(rows.compactMap { $0["name"] as? String } == ["agentview", "left_wrist", "right_wrist"])
    for row in rows { #expect(row["width"] as? Int == 224 && row["height"] as? Int == 224 && row["fov_y_deg"] is Double) }
    let text = try runVlaplay(["render", "--scene", "nav_apartment", "--list"])
    #expect(text.status == 0 && text.stdout.contains("agentview") && text.stdout.contains("ego") && text.stdout.contains("base"))
}

@Test func renderWritesAPNGOfTheAskedSize() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vlaplay-render-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("wrist.png").path
    let r = try runVlaplay(["render", "--scene", "libero_spatial", "--camera", "wrist", "--png", path, "--width", "96", "--height", "64", "--json"])
    #expect(r.status == 0, "\(r.stderr)")
    let bytes = [UInt8]((try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data())
    #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
    // IHDR width and height, big-endian, right after the signature and chunk header.
    if bytes.count > 24 {
        let w = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }, h = bytes[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(w == 96 && h == 64)
    }
    let out = json(r.stdout) as? [String: Any] ?? [:]
    #expect(out["camera"] as? String == "wrist" && out["bytes"] as? Int == bytes.count)
}

@Test func anUnknownCameraListsTheScenesCameras() throws {
    let r = try runVlaplay(["render", "--scene", "libero_spatial", "--camera", "wirst", "--png", "/tmp/never-written.png"])
    #expect(r.status == 1)
    #expect(r.stderr.contains("no camera `wirst`") && r.stderr.contains("agentview, wrist") && r.stderr.contains("did you mean `wrist`"), "\(r.stderr)")
    let missing = try runVlaplay(["render", "--scene", "libero_spatial", "--camera", "wrist"])
    #expect(missing.status != 0 && missing.stderr.contains("--png"), "\(missing.stderr)")
}

@Test func benchRenderTimesEveryCamera() throws {
    let r = try runVlaplay(["bench", "render", "--scene", "libero_spatial", "--renders", "2", "--size", "64", "--json"])
    #expect(r.status == 0, "\(r.stderr)")
    let rows = (json(r.stdout) as? [String: Any])?["rows"] as? [[String: Any]] ?? []
    #expect(rows.compactMap { $0["camera"] as? String } == ["agentview", "wrist"])
    for row in rows { #expect((row["render_ms_median"] as? Double ?? -1) > 0) }
}
