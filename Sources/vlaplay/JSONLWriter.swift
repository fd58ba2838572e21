import Assets
import Episode

/// Writes JSONL, one line per write call: an interrupted run leaves a valid log.
/// A failed write (a full disk, /dev/full) is kept, not ignored: later lines are not
/// attempted and `finish()` throws it, so a run never says it logged what it lost.
final class JSONLWriter: @unchecked Sendable {
    private let file: OutputFile
    var path: String { file.path }
    /// The first write that failed.
    private(set) var failure: FileWriteError?

    init(path: String) throws {
        do { file = try OutputFile(path: path) } catch {
            throw CLIError("cannot create the log file: \(error) (check the folder exists and is writable)")
        }
    }

    func write(_ value: JSONValue) {
        guard failure == nil else { return }
        do { try file.write(Array((value.text + "\n").utf8)) } catch { failure = error }
    }

    /// Flushes and closes the file; throws the first failed write, flush or close.
    func finish() throws {
        do { try file.close() } catch { failure = failure ?? error }
        if let failure { throw CLIError("the episode log was not written: \(failure)") }
    }
}
