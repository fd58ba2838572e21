import World
import Foundation

/// The one error type of the loaders: where (file, line, column), which field,
/// what was expected, what was found, and how to fix it.
public struct AssetError: Error, CustomStringConvertible, Equatable, Sendable {
    public var file: String
    public var line: Int
    public var column: Int
    /// Path of the field, e.g. `arms[0].chain[3].limits`; `(document)` for the whole file.
    public var field: String
    public var expected: String
    public var found: String?
    public var hint: String?

    public init(file: String, line: Int, column: Int, field: String, expected: String,
                found: String? = nil, hint: String? = nil) {
        self.file = file
        self.line = max(1, line)
        self.column = max(1, column)
        self.field = field.isEmpty ? "(document)" : field
        self.expected = expected
        self.found = found
        self.hint = hint
    }

    /// `file:line:column: error: field: expected ..., found ...` as compilers print,
    /// so editors and terminals can jump to it.
    public var description: String {
        var s = "\(file):\(line):\(column): error: \(field): expected \(expected)"
        if let found { s += ", found \(found)" }
        if let hint { s += "\n  hint: \(hint)" }
        return s
    }
}

/// Reads a file the loaders are asked for, or fails with a located error that says
/// whether it is missing or unreadable.
func readAssetFile(_ path: String) throws -> String {
    do {
        return try String(contentsOfFile: path, encoding: .utf8)
    } catch {
        throw AssetError(file: path, line: 1, column: 1, field: "(file)", expected: "a readable UTF-8 file",
                         found: FileManager.default.fileExists(atPath: path) ? "unreadable or not UTF-8" : "no such file")
    }
}

/// A robot or scene asked for by a name no file has: not a fault in any file, so no
/// file location; what there is, and the likely name.
public struct UnknownName: Error, CustomStringConvertible, Equatable {
    public var kind: String
    public var name: String
    public var known: [String]
    public var directory: String
    public var lister: String

    public var description: String {
        if known.isEmpty {
            return "no \(kind)s in \(directory): run vlaplay from its checkout, or pass --\(kind)s DIR"
        }
        var text = "unknown \(kind) `\(name)`; the \(kind)s are \(known.joined(separator: ", "))"
        if let near = suggestion(for: name, among: known) { text += "; did you mean `\(near)`?" }
        return text + " (`\(lister)` lists them)"
    }
}
