#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file vlaplay writes (an episode log, a PNG, a saved episode), written with POSIX
/// calls whose every result is checked: a short write, a full disk (`/dev/full`), a
/// failed flush or close is an error with the system's reason, never a silent success
/// (Foundation's `Data.write` on Linux can report success for a failed write).
public final class OutputFile {
    public let path: String
    private var fd: Int32

    /// Opens `path` for writing; with `replace: false` an existing file is an error
    /// (`FileWriteError.exists`), so nothing is overwritten without asking; with
    /// `append` writes go to the end of an existing file.
    public init(path: String, replace: Bool = true, append: Bool = false) throws(FileWriteError) {
        self.path = path
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : replace ? O_TRUNC : O_EXCL)
        fd = open(path, flags, 0o644)
        guard fd >= 0 else {
            throw errno == EEXIST ? .exists(path: path) : .failed(path: path, doing: "open", reason: systemReason(errno))
        }
    }

    /// Writes every byte (retrying short writes and interrupts) or throws.
    public func write(_ bytes: [UInt8]) throws(FileWriteError) {
        guard fd >= 0 else { throw .failed(path: path, doing: "write", reason: "the file is already closed") }
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { systemWrite(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .failed(path: path, doing: "write", reason: systemReason(errno))
            }
            done += n
        }
    }

    /// Flushes to the disk and closes; a device or pipe that cannot be flushed is fine.
    public func close() throws(FileWriteError) {
        guard fd >= 0 else { return }
        let syncFailed = fsync(fd) != 0 && errno != EINVAL && errno != EROFS && errno != ENOTSUP
        let syncErrno = errno
        let closed = systemClose(fd) == 0
        let closeErrno = errno
        fd = -1
        if syncFailed { throw .failed(path: path, doing: "flush", reason: systemReason(syncErrno)) }
        if !closed { throw .failed(path: path, doing: "close", reason: systemReason(closeErrno)) }
    }

    deinit { if fd >= 0 { _ = systemClose(fd) } }

    /// Writes a whole file: open, write, flush, close, each checked.
    public static func write(_ bytes: [UInt8], to path: String, replace: Bool = true) throws(FileWriteError) {
        let file = try OutputFile(path: path, replace: replace)
        try file.write(bytes)
        try file.close()
    }
}

/// Why a file could not be written, in words (not Foundation's NSCocoaErrorDomain text).
public enum FileWriteError: Error, CustomStringConvertible, Equatable, Sendable {
    case exists(path: String)
    case failed(path: String, doing: String, reason: String)

    public var description: String {
        switch self {
        case .exists(let path): return "\(path) already exists"
        case .failed(let path, let doing, let reason): return "cannot \(doing) \(path): \(reason)"
        }
    }
}

private func systemReason(_ code: Int32) -> String {
    String(cString: strerror(code))
}

// The C functions, named apart from the methods `write` and `close` above.
private func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(fd, p, n)
    #else
    Darwin.write(fd, p, n)
    #endif
}

private func systemClose(_ fd: Int32) -> Int32 {
    #if canImport(Glibc)
    Glibc.close(fd)
    #else
    Darwin.close(fd)
    #endif
}
