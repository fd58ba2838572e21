import Assets
import Episode
import Foundation
import Policy
import Testing
import TestSupport
import World

/// A bounded copy of python/tools/mutation_sweep.py (issue 15): numbers of every shipped
/// card and scene replaced by hostile values. Each mutated file loads or fails with a
/// located error, and one that loads runs a few expert steps: what `check` accepts,
/// `run` survives (a trap would kill this test process). The full sweep, with every
/// number and 10,000 random mutations against the real binary, is in BENCHMARKS.md.
@Suite(.serialized) struct HostileNumberSweepTests {
    static let hostile = ["1e18", "-1e300", "nan", "0x1p4", "-0"]
    /// Numbers swept per file, spread over it: the whole sweep stays under a few seconds.
    static let perFile = 4
    /// Where each shipped robot runs.
    static let scene = ["franka_panda": "libero_spatial", "ur5e": "libero_spatial", "so101": "libero_spatial",
                        "widowx_250s": "trajectory", "aloha": "aloha_bimanual", "turtlebot3_waffle": "nav_apartment",
                        "mobile_panda": "mobile_kitchen"]

    /// Byte ranges of numbers outside comments, `perFile` of them spread over the file.
    static func numberRanges(_ text: String) -> [Range<String.Index>] {
        var all: [Range<String.Index>] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let code = line.prefix { $0 != "#" }
            for m in code.matches(of: /(?:^|[\s\[{,:])(-?\d+(?:\.\d+)?(?:e-?\d+)?)(?=[\s\]},]|$)/) { all.append(m.output.1.startIndex..<m.output.1.endIndex) }
        }
        let step = max(1, all.count / perFile)
        return Array(stride(from: 0, to: all.count, by: step).prefix(perFile).map { all[$0] })
    }

    func runsAFewSteps(_ scene: SceneModel, _ robot: RobotModel) async {
        let (model, state) = WorldModel.make(scene: scene, robot: robot, seed: 0)
        let summary = await EpisodeRunner(EpisodeSetup(model: model, initial: state, taskIndex: 0, maxSteps: 5)).run(policy: ExpertPolicy())
        #expect(summary.steps <= 5)
    }

    @Test func hostileNumbersInScenesAreRefusedOrRun() async throws {
        let library = SceneLibrary(directory: repoRoot + "/Scenes")
        let robots = RobotLibrary(directory: repoRoot + "/Robots")
        var accepted = 0, refused = 0
        for name in library.names() {
            let file = library.path(of: name)
            let text = try String(contentsOfFile: file, encoding: .utf8)
            for range in Self.numberRanges(text) {
                for value in Self.hostile {
                    let mutated = text.replacingCharacters(in: range, with: value)
                    do {
                        let (scene, robot) = try SceneLoader.load(text: mutated, file: file, expectedName: name, robots: robots)
                        accepted += 1
                        // A number in an instruction is words ("from 1e18 cm"), read by the parser, not the loader.
                        let lineStart: String.Index = text[..<range.lowerBound].lastIndex(of: "\n") ?? text.startIndex
                        let inInstruction = text[lineStart..<range.lowerBound].contains("instruction:")
                        #expect(value == "-0" || inInstruction, "\(name): \(value) at \(text[range]) was accepted")
                        await runsAFewSteps(scene, robot)
                    } catch let e as AssetError {
                        refused += 1
                        #expect(e.line >= 1 && !e.field.isEmpty, "\(e)")
                    }
                }
            }
        }
        print("scene number sweep: \(accepted) accepted and ran, \(refused) refused with located errors")
        #expect(refused > 100)
    }

    @Test func hostileNumbersInRobotCardsAreRefusedOrRun() async throws {
        let source = repoRoot + "/Robots"
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vlaplay-sweep-\(getpid())").path
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.copyItem(atPath: source, toPath: dir)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let robots = RobotLibrary(directory: dir)
        var accepted = 0, refused = 0
        for (name, sceneName) in Self.scene.sorted(by: { $0.key < $1.key }) {
            let file = robots.path(of: name)
            let text = try String(contentsOfFile: file, encoding: .utf8)
            defer { try? text.write(toFile: file, atomically: true, encoding: .utf8) }
            for range in Self.numberRanges(text) {
                for value in Self.hostile {
                    try text.replacingCharacters(in: range, with: value).write(toFile: file, atomically: true, encoding: .utf8)
                    do {
                        let (scene, robot) = try SceneLoader.load(path: repoRoot + "/Scenes/\(sceneName).yaml", robots: robots, robot: name)
                        accepted += 1
                        await runsAFewSteps(scene, robot)
                    } catch let e as AssetError {
                        refused += 1
                        #expect(e.line >= 1 && !e.field.isEmpty, "\(e)")
                    }
                }
            }
        }
        print("robot-card number sweep: \(accepted) accepted and ran, \(refused) refused with located errors")
        #expect(refused > 50)
    }
}
