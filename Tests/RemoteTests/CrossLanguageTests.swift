import Episode
import Foundation
import Policy
import TestSupport
import Testing
@testable import Remote

/// Bytes across languages: what the Swift client sends is read by openpi's own
/// `openpi_client.msgpack_numpy`, and what openpi packs is read by the Swift decoder.
@Suite(.enabled(if: remoteVenvAvailable, Comment(rawValue: remoteVenvMissing))) struct CrossLanguageTests {
    func peer(_ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try remotePython())
        p.arguments = [repositoryRoot.appendingPathComponent("python/tools/msgpack_peer.py").path] + args
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "msgpack_peer.py \(args) failed")
        return String(decoding: data, as: UTF8.self)
    }

    @Test func openpiDecodesTheSwiftClientsObservation() throws {
        let (request, robot, _) = try pandaRequest()
        let layout = try ObservationLayout.preset("libero", for: robot, cameras: ["agentview", "wrist"])
        let bytes = MessagePackEncoder.encode(try layout.encode(request, robot: robot))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("vlaplay-obs-\(getpid()).msgpack")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(peer(["decode", file.path]).utf8)) as? [String: Any])
        let image = try #require(json["observation/image"] as? [String: Any])
        #expect(image["ndarray"] as? Bool == true && image["dtype"] as? String == "|u1" && image["shape"] as? [Int] == [224, 224, 3])
        let expectedSum = request.observation.images["agentview"]!.pixels.reduce(0) { $0 + Double($1) }
        #expect(image["sum"] as? Double == expectedSum)
        let state = try #require(json["observation/state"] as? [String: Any])
        #expect(state["dtype"] as? String == "<f4" && state["shape"] as? [Int] == [8])
        let first = try #require(state["first"] as? [Double])
        let expected = ObservationLayout.toolState(request.observation, robot: robot)
        #expect(zip(first, expected).allSatisfy { abs($0 - $1) < 1e-6 })
        #expect(json["prompt"] as? String == request.instruction)
    }

    @Test func swiftDecodesWhatOpenpiPacks() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("vlaplay-reply-\(getpid()).msgpack")
        _ = try peer(["encode", file.path])
        defer { try? FileManager.default.removeItem(at: file) }
        let value = try MessagePackDecoder.decode(Array(try Data(contentsOf: file)))
        let actions = try #require(try NumpyArray.from(value["actions"] ?? .null))
        #expect(actions.dtype == .float32 && actions.shape == [10, 7])
        #expect(actions.doubles.enumerated().allSatisfy { k, v in v == Double(Float(k) / Float(10)) })
        #expect(value["server_timing"]?["infer_ms"]?.doubleValue == 1.5)
        #expect(value["flag"]?["__npgeneric__"] == .bool(true) && value["flag"]?["data"] == .bool(true))
        #expect(value["count"]?["data"]?.intValue == 3)
        let img = try #require(try NumpyArray.from(value["img"] ?? .null))
        #expect(img.shape == [2, 4, 3] && img.doubles == (0..<24).map(Double.init))
        #expect(try NumpyArray.from(value["f64"] ?? .null)?.doubles == [1.0, -2.5])
        #expect(value["name"] == .string("demo"))
        #expect(value["nested"]?["list"] == .array([.int(1), .float64(2.5), .string("x"), .null, .bool(true)]))
        // And the actions read as a 7-D chunk for the Panda.
        let (rows, notes) = try ActionReply.read(value["actions"], robot: try robots.load("franka_panda"))
        #expect(rows.count == 10 && notes.isEmpty)
        // Re-encoding gives openpi's bytes back (same smallest forms, same key order).
        #expect(MessagePackEncoder.encode(value) == Array(try Data(contentsOf: file)))
    }
}
