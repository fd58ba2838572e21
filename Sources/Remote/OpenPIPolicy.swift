import Foundation
import Policy
import Spatial
import World

/// A policy served over openpi's websocket protocol (pi0, pi0.5, or any server that
/// speaks it, such as `python -m vlaplay_server`): on connect the server sends one
/// metadata frame; then strictly one msgpack request, one msgpack reply. A text
/// frame is the server's error (a traceback), after which it closes with 1011.
///
/// The blocking socket work runs on a serial queue of its own, never on Swift's
/// cooperative pool, so a slow or dead server cannot starve the TUI or the runner.
public final class OpenPIPolicy: Policy, @unchecked Sendable {
    public let endpoint: Endpoint
    public let options: RemoteOptions
    public let layout: ObservationLayout
    let robot: RobotModel

    private let worker = SerialWorker(label: "vlaplay.remote.openpi")
    // Touched only on `worker`'s queue.
    private var socket: WebSocketClient?
    private var metadataValue: MessagePackValue?
    private var extras: [String] = []

    public init(_ endpoint: Endpoint, robot: RobotModel, cameras: [String], options: RemoteOptions = RemoteOptions()) throws(RemoteError) {
        self.endpoint = endpoint
        self.robot = robot
        self.options = options
        layout = try ObservationLayout.resolve(for: robot, cameras: cameras, options: options)
    }

    deinit { socket?.close() }

    public var name: String { endpoint.description }
    /// The observation carries the world so that the extras a vlaplay-aware server
    /// asks for in its metadata (`vlaplay_extras`) can be sent; nothing else reads it.
    public var wantsPrivilegedState: Bool { true }
    public var cameras: [String] { layout.cameras }

    /// The server's metadata frame (nil before the first connection).
    public var metadata: MessagePackValue? { worker.sync { metadataValue } }

    public func act(_ request: PolicyRequest) async throws -> ActionChunk {
        try await worker.run { try self.actBlocking(request) }
    }

    /// Connects now (the CLI's pre-flight), returning the metadata.
    public func connect() async throws -> MessagePackValue {
        try await worker.run {
            if self.socket?.isOpen != true { try self.openConnection() }
            return self.metadataValue ?? .map([])
        }
    }

    public func close() { worker.sync { socket?.close(); socket = nil } }

    private func openConnection() throws(RemoteError) {
        socket?.close()
        socket = nil
        let ws = try WebSocketClient(endpoint, headers: options.headers, connectTimeout: options.connectTimeout, maxMessageBytes: options.maxMessageBytes)
        let first: WebSocketMessage
        do { first = try ws.receive(deadline: Deadline(seconds: options.connectTimeout), what: "the metadata frame") } catch {
            ws.close()
            if case .timedOut(let e, _, let s) = error {
                throw .timedOut(endpoint: e, what: "the metadata frame an openpi server sends on connect (is it an openpi policy server?)", seconds: s)
            }
            throw error
        }
        switch first {
        case .text(let t): ws.close(); throw .serverError(endpoint: endpoint.description, message: t)
        case .binary(let bytes):
            let meta: MessagePackValue
            do { meta = try MessagePackDecoder.decode(bytes) } catch {
                ws.close(); throw .malformed("the metadata frame: \(error.description)")
            }
            metadataValue = meta
            if case .array(let items)? = meta["vlaplay_extras"] { extras = items.compactMap(\.keyText) } else { extras = [] }
        }
        socket = ws
    }

    private func actBlocking(_ request: PolicyRequest) throws(RemoteError) -> ActionChunk {
        // Encoded after connecting: the metadata says which extras to add.
        var payload: [UInt8] = []
        var encodedFor: [String]?
        var attempt = 0
        var connects = 0
        var notes: [String] = []
        while true {
            do throws(RemoteError) {
                if socket?.isOpen != true { try openConnection(); connects += 1 }
                if encodedFor != extras {
                    payload = MessagePackEncoder.encode(try layout.encode(request, robot: robot, extras: extraValues(request)))
                    encodedFor = extras
                }
                return try exchange(payload, connects: connects, notes: notes)
            } catch {
                if error.connectionLost { socket?.close(); socket = nil }
                guard attempt < options.retries, isRetryable(error) else { throw error }
                attempt += 1
                notes.append("reconnected after: \(error.description)")
                Thread.sleep(forTimeInterval: RemoteOptions.backoff(attempt: attempt))
            }
        }
    }

    /// Only a connection that is not there (yet) or went away is worth another try;
    /// a slow model, an error from the model, or a bad reply would repeat.
    private func isRetryable(_ e: RemoteError) -> Bool {
        switch e {
        case .connectFailed, .closed: return true
        default: return false
        }
    }

    private func exchange(_ payload: [UInt8], connects: Int, notes: [String]) throws(RemoteError) -> ActionChunk {
        guard let ws = socket else { throw .closed(endpoint: endpoint.description, detail: "not connected") }
        let t0 = DispatchTime.now().uptimeNanoseconds
        try ws.send(binary: payload, deadline: Deadline(seconds: options.timeout))
        let message = try ws.receive(deadline: Deadline(seconds: options.timeout), what: "the policy's reply")
        let rtt = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
        let bytes: [UInt8]
        switch message {
        case .text(let t):
            // openpi: a traceback in a text frame, then close 1011.
            ws.close(); socket = nil
            throw .serverError(endpoint: endpoint.description, message: t)
        case .binary(let b): bytes = b
        }
        let reply: MessagePackValue
        do { reply = try MessagePackDecoder.decode(bytes) } catch {
            throw .malformed(error.description)
        }
        guard case .map = reply else { throw .protocolViolation("the reply is \(reply.kindName), not a map with `actions`") }
        let (actions, cutNotes) = try ActionReply.read(reply["actions"], robot: robot)
        let (server, policy) = ActionReply.timing(reply)
        let connected = connects > 0 ? ["connected; server metadata: \(MetadataText.summary(metadataValue ?? .map([])))"] : []
        var chunk = ActionChunk(actions: actions, notes: connected + notes + cutNotes, inferenceMs: server ?? rtt)
        chunk.remote = RemoteCallInfo(endpoint: endpoint.description, roundTripMs: rtt, serverInferMs: server, policyInferMs: policy,
                                      connects: connects, requestBytes: payload.count, replyBytes: bytes.count)
        if case .array(let extraNotes)? = reply["notes"] { chunk.notes += extraNotes.compactMap(\.keyText) }
        return chunk
    }

    /// What a vlaplay-aware server asked for in its metadata. Only then does any
    /// privileged state leave the process.
    private func extraValues(_ request: PolicyRequest) -> [String: MessagePackValue] {
        var out: [String: MessagePackValue] = [:]
        for name in extras {
            switch name {
            case "objects":
                guard let model = request.observation.world, let state = request.observation.privileged else { continue }
                let toBase = model.basePose(state).inverse
                out["vlaplay/objects"] = .stringMap(model.objects.indices.map { i in
                    let p = toBase * state.objects[i].pose.translation
                    return (model.objects[i].name, NumpyArray(float64: [p.x, p.y, p.z]).messagePack)
                })
            case "instruction": out["vlaplay/instruction"] = .string(request.instruction)
            case "embodiment_prompt": out["vlaplay/embodiment_prompt"] = .string(request.embodimentPrompt)
            case "robot": out["vlaplay/robot"] = .string(robot.name)
            case "action_layout": out["vlaplay/action_layout"] = .array(robot.actionLayout.map { .string($0) })
            default: continue
            }
        }
        return out
    }
}
