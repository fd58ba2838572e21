import Foundation

/// Runs a remote policy's blocking socket work on a serial queue of its own and
/// hands the result to `async` callers: never on Swift's cooperative pool, so a
/// slow or dead server cannot starve the TUI or the episode runner.
final class SerialWorker: Sendable {
    private let queue: DispatchQueue

    init(label: String) { queue = DispatchQueue(label: label) }

    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<T, Error>) in
            queue.async {
                do { c.resume(returning: try body()) } catch { c.resume(throwing: error) }
            }
        }
    }

    /// For short reads of state the queue owns.
    func sync<T>(_ body: () throws -> T) rethrows -> T { try queue.sync(execute: body) }
}
