/// Bytes for one file of a dataset: create it, or append to it. The builder
/// decides what goes where; the caller (the CLI's writer) only does the I/O.
public struct DatasetWrite: Sendable, Equatable {
    public enum Mode: Sendable, Equatable { case create, append }
    /// Relative to the dataset's root.
    public var path: String
    public var bytes: [UInt8]
    public var mode: Mode

    public init(path: String, bytes: [UInt8], mode: Mode) { self.path = path; self.bytes = bytes; self.mode = mode }
}

public struct DatasetError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ d: String) { description = d }
}
