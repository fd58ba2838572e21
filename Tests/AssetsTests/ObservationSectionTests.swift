import Assets
import Foundation
import Testing
import World

/// The robot card's `observation:` section (keys for remote policies).
@Suite struct ObservationSectionTests {
    let card = read(robotsDir + "/ur5e.yaml")

    func load(_ section: String) throws -> RobotModel {
        try RobotCardLoader.load(text: card + "\n" + section, file: "ur5e.yaml", directory: robotsDir)
    }

    @Test func presetAndKeysAreRead() throws {
        let r = try load("observation:\n  preset: lerobot\n  keys:\n    observation.images.top: camera:agentview\n    task: none\n")
        #expect(r.observation.preset == "lerobot")
        #expect(r.observation.keys == ["observation.images.top=camera:agentview", "task=none"])
        #expect(try robots().load("franka_panda").observation.preset == "libero")
    }

    @Test func anUnknownPresetIsLocated() throws {
        let section = "observation:\n  preset: openpi\n"
        let text = card + "\n" + section
        let e = try #require(throws: AssetError.self) { try load(section) }
        #expect(e.file == "ur5e.yaml" && e.line == lastLine(of: "preset: openpi", in: text))
        #expect(e.field == "observation.preset" && e.expected.contains("libero, aloha, lerobot, qwen"), "\(e)")
    }

    @Test func aBadSourceIsLocated() throws {
        let section = "observation:\n  keys:\n    state: joints\n"
        let e = try #require(throws: AssetError.self) { try load(section) }
        #expect(e.line == lastLine(of: "state: joints", in: card + "\n" + section))
        #expect(e.expected.contains("camera:NAME") && e.description.contains("joints"), "\(e)")
    }

    func robots() -> RobotLibrary { RobotLibrary(directory: robotsDir) }
}
