import ArgumentParser
import Assets
import Foundation
import Policy
import Remote
import World

/// Options for commands that read scenes.
struct SceneOptions: ParsableArguments {
    @OptionGroup var library: LibraryOptions
    @Option(name: .long, help: ArgumentHelp("Folder of scene files (default: Scenes/ beside Robots/).", valueName: "dir"))
    var scenes: String?

    func sceneLibrary() throws -> (SceneLibrary, RobotLibrary) {
        let robots = try library.library()
        return (SceneLibrary.beside(robots, explicit: scenes), robots)
    }
}

struct ScenesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scenes",
        abstract: "List the scenes: name, family, default robot, tasks.")

    @OptionGroup var options: SceneOptions
    @Flag(help: "Print a JSON array: name, family, robot, tasks (instruction, goal, max_steps).") var json = false

    struct Task: Encodable { var index: Int; var instruction: String; var goal: String; var max_steps: Int; var reference_path_m: Double? }
    struct Row: Encodable { var name: String; var family: String; var robot: String; var objects: Int; var tasks: [Task]; var source: String }

    func run() throws {
        try reportingErrors {
            let (scenes, robots) = try options.sceneLibrary()
            if scenes.names().isEmpty {
                throw CLIError("no scenes in \(scenes.directory): run vlaplay from its checkout (where Robots/ and Scenes/ are), or pass --scenes DIR")
            }
            var rows: [Row] = []
            var failures: [AssetError] = []
            for name in scenes.names() {
                do {
                    let (s, _) = try scenes.load(name, robots: robots)
                    rows.append(Row(name: s.name, family: s.family.rawValue, robot: s.robotName, objects: s.objects.count,
                                    tasks: s.tasks.enumerated().map { i, t in
                                        Task(index: i, instruction: t.instruction, goal: t.goalText, max_steps: t.maxSteps,
                                             reference_path_m: t.referencePath.isEmpty ? nil : Metrics.pathLength(t.referencePath))
                                    }, source: s.source))
                } catch let e as AssetError {
                    failures.append(e)
                }
            }
            if json {
                try printJSON(rows)
            } else {
                print(table(["SCENE", "FAMILY", "ROBOT", "TASKS", "FIRST TASK"],
                            rows.map { [$0.name, $0.family, $0.robot, "\($0.tasks.count)", $0.tasks.first?.instruction ?? ""] }))
                print("\n`vlaplay scene NAME` shows a scene's tasks; `vlaplay run --scene NAME --task N` runs one.")
            }
            for f in failures { FileHandle.standardError.write(Data(("skipped: " + f.description + "\n").utf8)) }
            if !failures.isEmpty { throw ExitCode(1) }
        }
    }
}

struct SceneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "scene", abstract: "Show one scene: objects, regions and tasks with their goals.")

    @Argument(help: "The scene's name (see `vlaplay scenes`).") var name: String
    @OptionGroup var options: SceneOptions
    @Flag(help: "Print JSON: family, robot, objects, regions, tasks.") var json = false

    struct Object: Encodable { var name: String; var color: String; var category: String; var shape: String; var at: [Double]; var fixed: Bool }
    struct Output: Encodable {
        var name: String; var family: String; var robot: String; var source: String
        var objects: [Object]; var regions: [String]; var landmarks: [String]; var tasks: [ScenesCommand.Task]
    }

    func run() throws {
        try reportingErrors {
            let (scenes, robots) = try options.sceneLibrary()
            let (s, robot) = try scenes.load(name, robots: robots)
            if json {
                try printJSON(Output(name: s.name, family: s.family.rawValue, robot: robot.name, source: s.source,
                                     objects: s.objects.map { o in
                                         let p = o.start.translation
                                         return Object(name: o.name, color: o.color, category: o.category, shape: o.shape.name, at: [p.x, p.y, p.z], fixed: !o.graspable)
                                     },
                                     regions: s.regions.map(\.name), landmarks: s.map?.landmarks.map(\.name) ?? [],
                                     tasks: s.tasks.enumerated().map { i, t in
                                         ScenesCommand.Task(index: i, instruction: t.instruction, goal: t.goalText, max_steps: t.maxSteps,
                                                            reference_path_m: t.referencePath.isEmpty ? nil : Metrics.pathLength(t.referencePath))
                                     }))
                return
            }
            print("\(s.name) — \(s.family.rawValue), robot \(robot.name) (\(s.source))")
            if !s.objects.isEmpty {
                print("\nobjects:")
                for o in s.objects {
                    let p = o.start.translation
                    print("  \(o.name): \(o.color) \(o.category) (\(o.shape.name)) at [\(fmt(p.x, 3)), \(fmt(p.y, 3)), \(fmt(p.z, 3))]\(o.graspable ? "" : ", not grasped (it can be pushed)")")
                }
            }
            if !s.parts.isEmpty {
                print("\nparts (open, close, turn on or off):")
                for part in s.parts {
                    print("  \(part.name): \(part.kind.rawValue)\(part.mount.map { " in \($0)" } ?? ""), travel \(fmt(part.lower, 3))…\(fmt(part.upper, 3)) \(part.kind.unit), starts \(part.stateText(part.start))\(part.holdsThings ? ", holds things" : "")")
                }
            }
            if !s.regions.isEmpty { print("\nregions: " + s.regions.map(\.name).joined(separator: ", ")) }
            if let map = s.map {
                print("\nmap (\(map.cell) m per character):")
                for row in map.rows { print("  " + String(row)) }
            }
            print("\ntasks:")
            for (i, t) in s.tasks.enumerated() {
                print("  [\(i)] \(t.instruction)\n      goal: \(t.goalText), max \(t.maxSteps) steps"
                      + (t.referencePath.isEmpty ? "" : ", reference path \(fmt(Metrics.pathLength(t.referencePath), 2)) m"))
            }
        }
    }
}

/// CLI face of the policy resolver: errors become user messages.
enum PolicyFactory {
    static let help = PolicyResolver.help

    /// `cameras`: the world's camera names, for remote policies' observation keys.
    static func make(_ spec: String, robot: RobotModel, cameras: [String] = [], remote: RemoteOptions = RemoteOptions()) throws -> any Policy {
        do {
            return try PolicyResolver.make(spec, robot: robot, cameras: cameras, options: remote, readFile: TextFiles.read, readModelFile: ModelFiles.read)
        } catch let e as PolicyError {
            throw CLIError(e.description)
        } catch let e as RemoteError {
            throw CLIError(e.description)
        }
    }
}
