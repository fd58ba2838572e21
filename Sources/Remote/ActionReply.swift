import Foundation
import World

/// A policy server's reply, read into actions the world can take, or refused with
/// the reason. Shared by the websocket and HTTP clients.
public struct ActionReply: Sendable, Equatable {
    public var actions: [[Double]]
    public var notes: [String]
    public var serverInferMs: Double?
    public var policyInferMs: Double?

    /// The most actions one reply may carry (openpi's pi0 sends 50).
    public static let maxHorizon = 10_000

    /// `actions` as an openpi array [H, D] or [D] (float32, float64 or ints), or as
    /// nested lists; padded columns (pi0 pads to 32) are cut to the robot's action
    /// dimension with a note; too few columns, NaN, infinities and empty chunks
    /// are refused.
    public static func read(_ actionsValue: MessagePackValue?, robot: RobotModel) throws(RemoteError) -> (actions: [[Double]], notes: [String]) {
        guard let value = actionsValue else { throw .badActions("the reply has no `actions` key") }
        var rows: [[Double]]
        if let array = try NumpyArray.from(value) {
            guard array.dtype != .bool else { throw .badActions("`actions` is a bool array") }
            // Sizes first: a [16M, 1] array would build a row per action before any check.
            try checkSize(horizon: array.shape.count == 1 ? 1 : array.shape.dropLast().reduce(1, { $0 &* max($1, 0) }),
                          width: array.shape.last ?? 0)
            let flat = array.doubles
            switch array.shape.count {
            case 1: rows = [flat]
            case 2:
                let (h, d) = (array.shape[0], array.shape[1])
                guard d > 0 else { throw .badActions("`actions` has shape \(array.shape): no columns") }
                rows = (0..<h).map { Array(flat[($0 * d)..<(($0 + 1) * d)]) }
            case 3 where array.shape[0] == 1:   // [1, H, D]: a batch of one
                let (h, d) = (array.shape[1], array.shape[2])
                guard d > 0 else { throw .badActions("`actions` has shape \(array.shape): no columns") }
                rows = (0..<h).map { Array(flat[($0 * d)..<(($0 + 1) * d)]) }
            default:
                throw .badActions("`actions` has shape \(array.shape); expected [H, D] with D = \(robot.actionDimension)")
            }
        } else if case .array(let items) = value {
            try checkSize(horizon: items.count, width: 0)
            if items.allSatisfy({ $0.doubleValue != nil }) {
                try checkSize(horizon: 1, width: items.count)
                rows = [items.compactMap(\.doubleValue)]
            } else {
                rows = []
                for (i, item) in items.enumerated() {
                    guard case .array(let cells) = item else { throw .badActions("`actions`[\(i)] is \(item.kindName), not a list of numbers") }
                    try checkSize(horizon: 1, width: cells.count)
                    var row: [Double] = []
                    for c in cells {
                        guard let v = c.doubleValue else { throw .badActions("`actions`[\(i)] holds \(c.kindName), not a number") }
                        row.append(v)
                    }
                    rows.append(row)
                }
            }
        } else {
            throw .badActions("`actions` is \(value.kindName); expected an array [H, D]")
        }
        return try validate(rows, robot: robot)
    }

    /// The widest action one reply may carry (pi0 pads to 32).
    public static let maxWidth = 1_024

    /// Refuses a chunk too long or too wide before its rows are built.
    static func checkSize(horizon: Int, width: Int) throws(RemoteError) {
        guard horizon <= maxHorizon else { throw .badActions("the chunk has \(horizon) actions, over the limit of \(maxHorizon)") }
        guard width <= maxWidth else { throw .badActions("each action has \(width) numbers, over the limit of \(maxWidth)") }
    }

    static func validate(_ rows: [[Double]], robot: RobotModel) throws(RemoteError) -> (actions: [[Double]], notes: [String]) {
        let want = robot.actionDimension
        guard !rows.isEmpty else { throw .badActions("the chunk is empty (H = 0)") }
        guard rows.count <= maxHorizon else { throw .badActions("the chunk has \(rows.count) actions, over the limit of \(maxHorizon)") }
        let widths = Set(rows.map(\.count))
        guard widths.count == 1, let d = widths.first else { throw .badActions("rows have different lengths \(widths.sorted())") }
        guard d >= want else {
            throw .badActions("each action has \(d) numbers but \(robot.name) takes \(want) (\(robot.actionLayout.joined(separator: ", "))); is the server serving a model for another robot?")
        }
        var notes: [String] = []
        var actions = rows
        if d > want {
            actions = rows.map { Array($0.prefix(want)) }
            notes.append("the server sent \(d) numbers per action; using the first \(want) (\(robot.name)'s action dimension), as openpi's output transforms do")
        }
        // Only length and finiteness: what the numbers mean is the controller's to refuse, step by step.
        if let bad = ActionValidation.firstProblem(in: actions, robot: robot, shapeOnly: true) {
            throw .badActions("action \(bad.index): \(bad.message); nothing was executed")
        }
        return (actions, notes)
    }

    /// openpi's timing maps: `server_timing.infer_ms`, `policy_timing.infer_ms`.
    static func timing(_ reply: MessagePackValue) -> (server: Double?, policy: Double?) {
        (reply["server_timing"]?["infer_ms"]?.doubleValue, reply["policy_timing"]?["infer_ms"]?.doubleValue)
    }
}
