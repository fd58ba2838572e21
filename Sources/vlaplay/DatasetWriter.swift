import Assets
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
            // Every write, flush and close checked (a full disk is an error, not a short dataset).
            do {
                let file = try OutputFile(path: path, append: w.mode == .append)
                try file.write(w.bytes)
                try file.close()
            } catch {
                throw CLIError("\(error): check the folder is writable and the disk has room")
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
