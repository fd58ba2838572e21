import Assets
import Foundation
import Testing
import TestSupport

/// The world rules live in World (RobotRules, SceneRules); the loaders report a broken
/// one at its line with the same words as before the rules moved. These pin whole
/// messages, byte for byte.
@Suite struct WorldRuleReportTests {
    func cardError(_ name: String, _ edit: (String) -> String) throws -> AssetError {
        let text = edit(read("\(robotsDir)/\(name).yaml"))
        return try #require(throws: AssetError.self) { try RobotCardLoader.load(text: text, file: "x.yaml", directory: robotsDir) }
    }

    @Test func gripperChannelInvariant() throws {
        let e = try cardError("franka_panda") { $0.replacingOccurrences(of: "channel: 6", with: "channel: 3") }
        #expect(e.description == "x.yaml:31:7: error: control.gripper[0].channel: expected channel 6 (layout: x, y, z, rx, ry, rz, gripper), found channel 3")
    }

    @Test func homeOutsideTheJointLimits() throws {
        let home = try #require(read("\(robotsDir)/franka_panda.yaml").components(separatedBy: "\n").first { $0.hasPrefix("home: [") })
        var values = home.dropFirst("home: [".count).dropLast().components(separatedBy: ", ")
        values[3] = "0.5"   // panda_joint4's limits are [-3.0718, -0.0698]
        let e = try cardError("franka_panda") { $0.replacingOccurrences(of: home, with: "home: [\(values.joined(separator: ", "))]") }
        #expect(e.field == "home[3]")
        #expect(e.description.hasSuffix("error: home[3]: expected values within the joint limits, found panda_joint4 = 0.5, limits [-3.0718, -0.0698]"))
    }

    @Test func anObjectOutOfTheScenesOwnRobotsReachIsLocated() throws {
        let file = repoRoot + "/Scenes/libero_goal.yaml"
        let text = read(file).replacingOccurrences(of: "at: [0.42, 0.14]", with: "at: [1.4, 0.14]")
        let e = try #require(throws: AssetError.self) {
            try SceneLoader.load(text: text, file: file, robots: RobotLibrary(directory: robotsDir))
        }
        #expect(e.description.contains("libero_goal.yaml:33:5: error: objects[1].at: expected a place franka_panda can reach"), "\(e.description)")
    }

    @Test func anotherRobotIsPlacedToFaceTheObjects() throws {
        let scenes = SceneLibrary(directory: repoRoot + "/Scenes")
        let robots = RobotLibrary(directory: robotsDir)
        let (ur, _) = try scenes.load("libero_goal", robots: robots, robot: "ur5e")
        // ur5e's home pose points backwards: it is turned around to face the table.
        #expect(abs(abs(ur.robotStart.yaw) - .pi) < 0.5, "\(ur.robotStart)")
        // (What the placed robot still cannot reach is refused per instruction: PolicyTests.)
    }

    @Test func theFirstUnusedLegendLetterInFileOrderIsReported() throws {
        let file = repoRoot + "/Scenes/nav_apartment.yaml"
        // Drop the bed and the wardrobe from the map: both letters become unused, and the
        // report names the one listed first, every run (it used to follow hash order).
        let lines = read(file).components(separatedBy: "\n").map { line in
            line.hasPrefix("  ") && !line.contains(":") ? line.replacingOccurrences(of: "B", with: ".").replacingOccurrences(of: "W", with: ".") : line
        }
        let text = lines.joined(separator: "\n")
        let e = try #require(throws: AssetError.self) {
            try SceneLoader.load(text: text, file: file, robots: RobotLibrary(directory: robotsDir))
        }
        #expect(e.field == "legend" && e.found == "`B` (bed) is not in the map")
    }
}
