import Dataset
import Foundation

/// Carries out a dataset builder's writes under one folder: the only code that
/// puts recorded datasets on disk (the Dataset target only says what goes where).
struct DatasetWriter {
    let root: String

    func apply(_ writes: [DatasetWrite]) throws {
        for w in writes {
            let path = (root as NSString).appendingPathComponent(w.path)
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            switch w.mode {
            case .create:
                guard FileManager.default.createFile(atPath: path, contents: Data(w.bytes)) else {
                    throw CLIError("cannot write \(path): check the folder is writable")
                }
            case .append:
                guard let handle = FileHandle(forWritingAtPath: path) else { throw CLIError("cannot open \(path) to append") }
                defer { try? handle.close() }
                try handle.seekToEnd()
                try handle.write(contentsOf: Data(w.bytes))
            }
        }
    }

    /// Bytes under the folder, for the summary.
    func size() -> Int {
        guard let e = FileManager.default.enumerator(atPath: root) else { return 0 }
        var total = 0
        for case let name as String in e {
            let attrs = try? FileManager.default.attributesOfItem(atPath: (root as NSString).appendingPathComponent(name))
            if attrs?[.type] as? FileAttributeType == .typeRegular { total += (attrs?[.size] as? Int) ?? 0 }
        }
        return total
    }
}
