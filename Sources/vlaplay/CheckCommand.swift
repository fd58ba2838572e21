import ArgumentParser
import Assets
import Foundation

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate robot cards and scene files; print located errors (file:line:column) and exit 1 if any.",
        discussion: "Example: vlaplay check Robots/*.yaml Scenes/*.yaml")

    @Argument(help: "Robot card or scene files (.yaml); a file with a `family:` line is read as a scene.") var files: [String]
    @OptionGroup var library: LibraryOptions
    @Flag(help: "Print JSON: one object per file with ok and error.") var json = false

    struct Result: Encodable {
        var file: String, ok: Bool, kind: String?
        var error: String?, line: Int?, column: Int?, field: String?, notes: [String]
        /// Every error found in the file, the first one above included.
        var errors: [String] = []
    }

    /// Loads a scene or a card; with `ignoringName`, a file whose name differs from its
    /// `name:` is read on, so the errors after that one show too.
    func load(_ file: String, text: String, ignoringName: Bool) throws -> (kind: String, notes: [String]) {
        let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        if text.hasPrefix("family:") || text.contains("\nfamily:") {
            let (scene, robot) = try SceneLoader.load(text: text, file: file, expectedName: ignoringName ? nil : stem, robots: try library.library())
            return ("scene: \(scene.family.rawValue), \(scene.tasks.count) tasks, robot \(robot.name)", [])
        }
        let m = try RobotCardLoader.load(text: text, file: file, directory: (file as NSString).deletingLastPathComponent,
                                         expectedName: ignoringName ? nil : stem)
        return (m.kind.rawValue, m.notes)
    }

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one file, e.g. vlaplay check Robots/*.yaml") }
    }

    func run() throws {
        var results: [Result] = []
        for file in files {
            let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
            do {
                let (kind, notes) = try load(file, text: text, ignoringName: false)
                results.append(Result(file: file, ok: true, kind: kind, error: nil, line: nil, column: nil, field: nil, notes: notes))
            } catch let e as AssetError {
                var errors = [e.description]
                // A wrong `name:` does not hide what else is wrong with the file.
                if e.field == "name" {
                    do { _ = try load(file, text: text, ignoringName: true) } catch let more as AssetError { errors.append(more.description) } catch {}
                }
                results.append(Result(file: file, ok: false, kind: nil, error: e.description, line: e.line, column: e.column, field: e.field, notes: [],
                                      errors: errors))
            } catch {
                results.append(Result(file: file, ok: false, kind: nil, error: "\(file): \(error)", line: nil, column: nil, field: nil, notes: [],
                                      errors: ["\(file): \(error)"]))
            }
        }
        if json {
            try printJSON(results)
        } else {
            for r in results {
                if r.ok {
                    print("ok  \(r.file) (\(r.kind ?? ""))")
                    for n in r.notes { print("    note: \(n)") }
                } else {
                    for e in r.errors { FileHandle.standardError.write(Data((e + "\n").utf8)) }
                }
            }
            let bad = results.filter { !$0.ok }.count
            print("\(results.count - bad) ok, \(bad) with errors")
        }
        if results.contains(where: { !$0.ok }) { throw ExitCode(1) }
    }
}
