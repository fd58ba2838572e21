import ArgumentParser
import Assets
import Episode
import Foundation
import World

/// Options every robot-reading command shares.
struct LibraryOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Folder of robot cards (default: ./Robots, $VLAPLAY_ROBOTS, or the checkout's Robots/).", valueName: "dir"))
    var robots: String?

    func library() throws -> RobotLibrary {
        try RobotLibrary.locate(explicit: robots)
    }

    func robot(_ name: String) throws -> RobotModel {
        try library().load(name)
    }
}

/// A user-facing failure: printed to stderr without a stack, exit code 1.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}

/// `--seed N`, read unconditionally so that `--seed -1` reaches this check (as an
/// option name it said "Missing value"), which says what a seed is.
func seedArgument(_ text: String) throws -> UInt64 {
    guard let v = UInt64(text) else { throw ValidationError("--seed: expected a whole number from 0 to \(UInt64.max), found `\(text)`") }
    return v
}

/// Runs a command body, turning located asset errors into clean messages.
func reportingErrors(_ body: () throws -> Void) throws {
    do { try body() } catch { throw userFacing(error) }
}

/// The async twin of `reportingErrors`.
func reportingErrorsAsync(_ body: () async throws -> Void) async throws {
    do { try await body() } catch { throw userFacing(error) }
}

/// Prints a user's error without a stack trace and turns it into exit code 1;
/// other errors (ArgumentParser's own) pass through.
func userFacing(_ error: Error) -> Error {
    switch error {
    case let e as AssetError:
        FileHandle.standardError.write(Data((e.description + "\n").utf8))
        return ExitCode(1)
    case let e as CLIError:
        FileHandle.standardError.write(Data(("error: " + e.description + "\n").utf8))
        return ExitCode(1)
    case let e as UnknownName:
        FileHandle.standardError.write(Data(("error: " + e.description + "\n").utf8))
        return ExitCode(1)
    case let e as ValidationError:
        // Found while running (a task index, a flag against a loaded scene): the
        // message, not the top-level usage.
        FileHandle.standardError.write(Data(("error: " + e.message + "\n").utf8))
        return ExitCode(1)
    default:
        return error
    }
}

func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let data = try encoder.encode(value)
    print(String(decoding: data, as: UTF8.self))
}

/// Parses "a,b,c" into numbers, saying which item is wrong.
func parseNumbers(_ text: String, option: String, count: Int? = nil) throws -> [Double] {
    let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    var out: [Double] = []
    for (i, p) in parts.enumerated() {
        guard let v = Double(p), v.isFinite else {
            throw ValidationError("\(option): item \(i + 1) `\(p)` is not a finite number (write numbers separated by commas, e.g. \(option) 0.5,0,0.3)")
        }
        out.append(v)
    }
    if let count, out.count != count {
        throw ValidationError("\(option): expected \(count) numbers, got \(out.count)")
    }
    return out
}

func fmt(_ v: Double, _ digits: Int = 4) -> String {
    if v.isInfinite { return v > 0 ? "inf" : "-inf" }
    return String(format: "%.\(digits)f", v)
}

/// A plain text table with aligned columns.
func table(_ header: [String], _ rows: [[String]]) -> String {
    let all = [header] + rows
    let widths = header.indices.map { c in all.map { $0[c].count }.max() ?? 0 }
    func line(_ r: [String]) -> String {
        r.enumerated().map { c, s in s.padding(toLength: widths[c], withPad: " ", startingAt: 0) }.joined(separator: "  ")
            .trimmingCharacters(in: .whitespaces)
    }
    return ([line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")] + rows.map(line)).joined(separator: "\n")
}

extension RobotModel {
    /// The arm a command addresses: the only one, or the one --arm names.
    func selectArm(_ name: String?) throws -> Arm {
        guard !arms.isEmpty else { throw CLIError("\(self.name) has no arm (it is a \(kind.rawValue)); fk and ik need an arm") }
        if let name {
            guard let a = arm(named: name) else {
                throw CLIError("\(self.name) has no arm `\(name)`; its arms: \(arms.map(\.name).joined(separator: ", "))")
            }
            return a
        }
        guard arms.count == 1 else {
            throw CLIError("\(self.name) has \(arms.count) arms: choose one with --arm \(arms.map(\.name).joined(separator: "|"))")
        }
        return arms[0]
    }
}

/// `--shard I/N` of eval and record: the whole batch when it is absent.
func shardOption(_ text: String?) throws -> Shard {
    guard let text else { return .whole }
    guard let s = Shard(parsing: text) else { throw ValidationError("--shard: expected \(Shard.syntaxHelp) (got \(text))") }
    return s
}
