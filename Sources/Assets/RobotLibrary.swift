import Foundation
import World

/// The Robots/ folder: finds it, lists its cards and loads them by name.
public struct RobotLibrary: Sendable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// Finds Robots/: the explicit folder, then $VLAPLAY_ROBOTS, then ./Robots,
    /// then a Robots/ folder beside or above the executable (a checkout's build).
    public static func locate(explicit: String? = nil, executable: String = CommandLine.arguments.first ?? "") throws -> RobotLibrary {
        let fm = FileManager.default
        func isDir(_ p: String) -> Bool {
            var d: ObjCBool = false
            return fm.fileExists(atPath: p, isDirectory: &d) && d.boolValue
        }
        if let explicit {
            guard isDir(explicit) else {
                throw AssetError(file: explicit, line: 1, column: 1, field: "--robots", expected: "a folder of robot cards", found: "no such folder")
            }
            // A folder without cards made every scene say "robot: expected one of , found …".
            let library = RobotLibrary(directory: explicit)
            guard !library.names().isEmpty else {
                throw AssetError(file: explicit, line: 1, column: 1, field: "--robots", expected: "a folder of robot cards (NAME.yaml)",
                                 found: "a folder without any", hint: "pass the checkout's Robots/ folder, or leave --robots out")
            }
            return library
        }
        var tried: [String] = []
        if let env = ProcessInfo.processInfo.environment["VLAPLAY_ROBOTS"], !env.isEmpty {
            if isDir(env) { return RobotLibrary(directory: env) }
            tried.append(env)
        }
        let cwd = fm.currentDirectoryPath + "/Robots"
        if isDir(cwd) { return RobotLibrary(directory: cwd) }
        tried.append(cwd)
        var dir = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = dir.appendingPathComponent("Robots").path
            if isDir(candidate) { return RobotLibrary(directory: candidate) }
            tried.append(candidate)
            dir = dir.deletingLastPathComponent()
        }
        throw AssetError(file: "Robots", line: 1, column: 1, field: "--robots", expected: "a Robots/ folder of robot cards",
                         found: "none in \(tried.joined(separator: ", "))",
                         hint: "run from the vlaplay checkout, pass --robots DIR, or set VLAPLAY_ROBOTS")
    }

    /// Card names (file stems), sorted.
    public func names() -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }

    public func path(of name: String) -> String {
        (directory as NSString).appendingPathComponent("\(name).yaml")
    }

    public func load(_ name: String) throws -> RobotModel {
        let known = names()
        guard known.contains(name) else { throw UnknownName(kind: "robot", name: name, known: known, directory: directory, lister: "vlaplay robots") }
        return try RobotCardLoader.load(path: path(of: name))
    }

    /// Every card, loaded or with its error.
    public func loadAll() -> [(name: String, result: Result<RobotModel, AssetError>)] {
        names().map { name in
            do { return (name, .success(try RobotCardLoader.load(path: path(of: name)))) }
            catch let e as AssetError { return (name, .failure(e)) }
            catch { return (name, .failure(AssetError(file: path(of: name), line: 1, column: 1, field: "(file)", expected: "a robot card", found: "\(error)"))) }
        }
    }
}
