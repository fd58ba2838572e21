import Foundation
import Policy
import World

/// Several servers of one policy (`--policy ws://a:8000,ws://b:8000`, one GPU each):
/// each episode takes the next server in turn that is still up. A server that drops
/// (refused, closed, or silent past the timeout, after the client's own reconnect
/// attempts) is taken out of the rotation for the rest of the run, and the episode it
/// was serving runs again from its start on another server — from the start, because
/// a policy server may keep per-episode state (history, action ensembling) that the
/// new server does not have. An error the model itself reports is not a drop: it
/// would repeat anywhere.
public final class PolicyPool: @unchecked Sendable {
    public let endpoints: [String]
    private let lock = NSLock()
    // Guarded by `lock`.
    private var nextServer = 0
    private var droppedReason: [String?]

    /// Whether `--policy` names a pool (more than one URL, comma-separated).
    public static func isPool(_ spec: String) -> Bool { spec.contains(",") }

    public init(_ spec: String) throws(RemoteError) {
        let parts = spec.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        for p in parts {
            guard PolicySpec.isRemote(p) else {
                throw .badURL("`\(p)` in the pool `\(spec)`: a pool is policy server URLs separated by commas (ws://a:8000,ws://b:8000)")
            }
            _ = try Endpoint(parsing: p)
        }
        guard Set(parts).count == parts.count else { throw .badURL("the pool `\(spec)` names a server twice") }
        endpoints = parts
        droppedReason = Array(repeating: nil, count: parts.count)
    }

    /// The next server still up, in turn; nil when every one has dropped.
    public func pick() -> Int? {
        lock.withLock {
            for offset in 0..<endpoints.count {
                let i = (nextServer + offset) % endpoints.count
                if droppedReason[i] == nil { nextServer = i + 1; return i }
            }
            return nil
        }
    }

    /// A policy for one episode on the next server up (nil when none is left).
    public func lease(robot: RobotModel, cameras: [String], options: RemoteOptions) throws -> PooledPolicy? {
        guard let server = pick() else { return nil }
        let inner = try PolicyResolver.make(endpoints[server], robot: robot, cameras: cameras, options: options,
                                            readFile: { _ in throw PolicyError("a pool serves remote policies only") })
        return PooledPolicy(inner, server: server, pool: self)
    }

    public func drop(_ server: Int, reason: String) {
        lock.withLock { if droppedReason[server] == nil { droppedReason[server] = reason } }
    }

    /// Why each server was taken out of the rotation (nil: still up).
    public var dropped: [String?] { lock.withLock { droppedReason } }
}

/// One episode's policy from a pool: the server's own policy, watched for the error
/// that means the server is gone.
public final class PooledPolicy: Policy, @unchecked Sendable {
    public let inner: any Policy
    public let server: Int
    private let pool: PolicyPool
    private let lock = NSLock()
    private var lostError: RemoteError?   // guarded by `lock`

    init(_ inner: any Policy, server: Int, pool: PolicyPool) { self.inner = inner; self.server = server; self.pool = pool }

    public var name: String { inner.name }
    public var wantsPrivilegedState: Bool { inner.wantsPrivilegedState }
    public var cameras: [String] { inner.cameras }

    /// The error that took this episode's server out of the rotation, if it dropped.
    public var lost: RemoteError? { lock.withLock { lostError } }

    public func act(_ request: PolicyRequest) async throws -> ActionChunk {
        do { return try await inner.act(request) } catch let e as RemoteError {
            if e.serverGone {
                lock.withLock { lostError = e }
                pool.drop(server, reason: e.description)
            }
            throw e
        }
    }
}

extension RemoteError {
    /// The server is not there any more (after the client's reconnect attempts): what
    /// takes it out of a pool's rotation.
    public var serverGone: Bool {
        switch self {
        case .connectFailed, .closed, .timedOut: return true
        default: return false
        }
    }
}
