import Foundation
import World

/// The Scenes/ folder.
public struct SceneLibrary: Sendable {
    public let directory: String
    public init(directory: String) { self.directory = directory }

    /// Scenes/ beside the Robots/ folder that was found.
    public static func beside(_ robots: RobotLibrary, explicit: String? = nil) -> SceneLibrary {
        if let explicit { return SceneLibrary(directory: explicit) }
        return SceneLibrary(directory: ((robots.directory as NSString).deletingLastPathComponent as NSString).appendingPathComponent("Scenes"))
    }

    public func names() -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }

    public func path(of name: String) -> String { (directory as NSString).appendingPathComponent("\(name).yaml") }

    public func load(_ name: String, robots: RobotLibrary, robot: String? = nil) throws -> (SceneModel, RobotModel) {
        let known = names()
        guard known.contains(name) else { throw UnknownName(kind: "scene", name: name, known: known, directory: directory, lister: "vlaplay scenes") }
        return try SceneLoader.load(path: path(of: name), robots: robots, robot: robot)
    }
}
