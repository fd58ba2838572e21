import Episode
import Foundation

/// Writes JSONL, one flushed line at a time: an interrupted run leaves a valid log.
final class JSONLWriter: @unchecked Sendable {
    private let handle: FileHandle
    let path: String

    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw CLIError("cannot create the log file \(path): check the folder exists and is writable")
        }
        guard let h = FileHandle(forWritingAtPath: path) else { throw CLIError("cannot open the log file \(path)") }
        handle = h
        self.path = path
    }

    func write(_ value: JSONValue) {
        handle.write(Data((value.text + "\n").utf8))
    }

    deinit { try? handle.close() }
}
