import Foundation
import Policy
import World

/// A policy behind an HTTP `POST /act` endpoint with JSON bodies, as OpenVLA's
/// deploy.py and X-VLA's servers use. Arrays travel as json_numpy dicts
/// (`{"__numpy__": base64, "dtype": "|u1", "shape": [...]}`), the convention those
/// servers read with `json_numpy.patch()`; plain lists are accepted in replies.
public final class HTTPPolicy: Policy, @unchecked Sendable {
    public let endpoint: Endpoint
    public let options: RemoteOptions
    public let layout: ObservationLayout
    let robot: RobotModel
    private let worker = SerialWorker(label: "vlaplay.remote.http")

    public init(_ endpoint: Endpoint, robot: RobotModel, cameras: [String], options: RemoteOptions = RemoteOptions()) throws(RemoteError) {
        self.endpoint = endpoint
        self.robot = robot
        self.options = options
        switch options.httpStyle {
        case .openvla:
            let camera = cameras.contains("agentview") ? "agentview" : (cameras.first ?? "agentview")
            layout = try ObservationLayout(name: "openvla", fields: [.init(["image"], .camera(camera, channelsFirst: false)), .init(["instruction"], .instruction)])
                .overriding(options.observationKeys)
        case .json:
            layout = try ObservationLayout.resolve(for: robot, cameras: cameras, options: options,
                                                   extra: [.init(["instruction"], .instruction), .init(["embodiment_prompt"], .embodimentPrompt)])
        }
    }

    public var name: String { endpoint.description }
    public var cameras: [String] { layout.cameras }

    public func act(_ request: PolicyRequest) async throws -> ActionChunk {
        try await worker.run { try self.actBlocking(request) }
    }

    private func actBlocking(_ request: PolicyRequest) throws(RemoteError) -> ActionChunk {
        let body: [UInt8]
        do {
            body = Array(try JSONSerialization.data(withJSONObject: JSONBridge.json(try layout.encode(request, robot: robot))))
        } catch let e as RemoteError { throw e } catch { throw .protocolViolation("cannot encode the request as JSON: \(error)") }
        var attempt = 0
        while true {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let reply: HTTPClient.Reply
            do {
                reply = try HTTPClient.post(endpoint, body: body, headers: options.headers, timeout: options.timeout, maxBytes: options.maxMessageBytes)
            } catch {
                guard case .connectFailed = error, attempt < options.retries else { throw error }
                attempt += 1
                Thread.sleep(forTimeInterval: RemoteOptions.backoff(attempt: attempt))
                continue
            }
            let rtt = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
            let text = String(decoding: reply.body, as: UTF8.self)
            guard (200..<300).contains(reply.status) else {
                if reply.status == 401 || reply.status == 403 {
                    throw .handshakeRefused(endpoint: endpoint.description, status: reply.status, body: text)
                }
                throw .serverError(endpoint: endpoint.description, message: "HTTP \(reply.status): \(text.prefix(2000))")
            }
            let json: Any
            do { json = try JSONSerialization.jsonObject(with: Data(reply.body), options: [.fragmentsAllowed]) } catch {
                // Python's json module writes NaN and Infinity, which JSON does not have.
                if text.contains("NaN") || text.contains("Infinity") {
                    throw .badActions("the reply holds NaN or Infinity; nothing was executed")
                }
                throw .malformed("the reply is not JSON: \(text.prefix(200))")
            }
            let value = try JSONBridge.value(json)
            let actionsValue: MessagePackValue? = {
                if case .map = value, value["__ndarray__"] == nil { return value["actions"] ?? value["action"] }
                return value
            }()
            let (actions, notes) = try ActionReply.read(actionsValue, robot: robot)
            let server = value["server_timing"]?["infer_ms"]?.doubleValue
            var chunk = ActionChunk(actions: actions, notes: notes, inferenceMs: server ?? rtt)
            chunk.remote = RemoteCallInfo(endpoint: endpoint.description, roundTripMs: rtt, serverInferMs: server,
                                          connects: 1 + attempt, requestBytes: body.count, replyBytes: reply.body.count)
            return chunk
        }
    }
}

/// msgpack-shaped values ⇄ Foundation JSON, with numpy arrays as json_numpy dicts.
enum JSONBridge {
    static func json(_ v: MessagePackValue) throws(RemoteError) -> Any {
        if let a = try NumpyArray.from(v) {
            return ["__numpy__": Data(a.data).base64EncodedString(), "dtype": a.dtype.rawValue, "shape": a.shape] as [String: Any]
        }
        switch v {
        case .null: return NSNull()
        case .bool(let b): return b
        case .int(let i): return i
        case .uint(let u): return u
        case .float32(let f): return Double(f)
        case .float64(let d): return d
        case .string(let s): return s
        case .binary(let b): return Data(b).base64EncodedString()
        case .array(let items): return try items.map { (x) throws(RemoteError) -> Any in try json(x) }
        case .map(let pairs):
            var out: [String: Any] = [:]
            for (k, x) in pairs { out[k.keyText ?? "\(k)"] = try json(x) }
            return out
        case .ext: throw .protocolViolation("an ext value cannot be sent as JSON")
        }
    }

    static func value(_ j: Any, depth: Int = 0) throws(RemoteError) -> MessagePackValue {
        guard depth < 32 else { throw .malformed("the JSON reply is nested deeper than 32 levels") }
        switch j {
        case is NSNull: return .null
        case let n as NSNumber:
            if String(cString: n.objCType) == "c" { return .bool(n.boolValue) }
            return .float64(n.doubleValue)
        case let s as String: return .string(s)
        case let a as [Any]: return .array(try a.map { (x) throws(RemoteError) -> MessagePackValue in try value(x, depth: depth + 1) })
        case let d as [String: Any]:
            if let b64 = d["__numpy__"] as? String {
                guard let data = Data(base64Encoded: b64), let dt = d["dtype"] as? String, let dtype = NumpyArray.DType(numpy: dt),
                      let shape = d["shape"] as? [Int] else { throw .malformed("a json_numpy array lacks valid __numpy__, dtype or shape") }
                let array = NumpyArray(dtype: dtype, shape: shape, data: Array(data))
                // Checked: a shape such as [2^62, 4] overflowed the element count and trapped (issue 15; Fuzz/Regressions/FuzzHTTPResponse).
                guard NumpyArray.byteCount(shape: shape, dtype: dtype) == array.data.count else {
                    throw .malformed("a json_numpy array of shape \(shape) has \(array.data.count) bytes")
                }
                return array.messagePack
            }
            return .stringMap(try d.sorted { $0.key < $1.key }.map { (k, x) throws(RemoteError) in (k, try value(x, depth: depth + 1)) })
        default:
            throw .malformed("unexpected JSON value \(type(of: j))")
        }
    }
}
