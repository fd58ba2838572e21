import Foundation

/// Reading a text file the user named (a replay log, an action file): Assets is
/// where the program reads files, so Policy and Remote take this as a function.
public enum TextFiles {
    public static func read(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8)
    }
}
