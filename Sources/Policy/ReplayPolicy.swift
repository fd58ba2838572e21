import Foundation
import World

/// Replays recorded actions: an episode log (JSONL, its step lines' `action`) or an
/// action file (a JSON array of actions, or one JSON array per line). Chunks follow
/// the observation's step, so replanning never skips or repeats an action.
public struct ReplayPolicy: Policy {
    public let name: String
    public let actions: [[Double]]
    let chunk: Int

    public init(actions: [[Double]], chunk: Int, source: String) {
        self.actions = actions
        self.chunk = max(1, chunk)
        self.name = "replay:\(source)"
    }

    /// Reads the text of a log or action file (`path` names it in messages; the
    /// caller read it: Policy does no file IO); errors say which line was wrong.
    public static func parse(_ text: String, path: String, chunk: Int) throws -> ReplayPolicy {
        var actions: [[Double]] = []
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("[") && !trimmed.contains("\n") || trimmed.hasPrefix("[[") {
            guard let all = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) as? [[Any]] else {
                throw PolicyError("replay: \(path): expected a JSON array of actions (arrays of numbers)")
            }
            for (i, row) in all.enumerated() {
                guard let a = numbers(row) else { throw PolicyError("replay: \(path): action \(i + 1) is not an array of numbers") }
                actions.append(a)
            }
        } else {
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let l = line.trimmingCharacters(in: .whitespaces)
                if l.isEmpty { continue }
                guard let obj = try? JSONSerialization.jsonObject(with: Data(l.utf8)) else {
                    throw PolicyError("replay: \(path):\(n + 1): not valid JSON")
                }
                if obj is [Any] {
                    guard let a = exactNumbers(l) else { throw PolicyError("replay: \(path):\(n + 1): not an array of numbers") }
                    actions.append(a)
                } else if let dict = obj as? [String: Any], dict["type"] as? String == "step" {
                    guard dict["refused"] == nil || dict["refused"] is NSNull, dict["action"] is [Any] else { continue }
                    guard let start = l.range(of: "\"action\":"), let a = exactNumbers(String(l[start.upperBound...])) else {
                        throw PolicyError("replay: \(path):\(n + 1): `action` is not an array of numbers")
                    }
                    actions.append(a)
                }
            }
        }
        guard !actions.isEmpty else { throw PolicyError("replay: \(path) holds no actions") }
        return ReplayPolicy(actions: actions, chunk: chunk, source: (path as NSString).lastPathComponent)
    }

    /// The first JSON array of numbers in `text`, parsed digit for digit (Foundation's
    /// JSON reader may round), so a replay reproduces the logged episode exactly.
    static func exactNumbers(_ text: String) -> [Double]? {
        guard let open = text.firstIndex(of: "["), let close = text[open...].firstIndex(of: "]") else { return nil }
        let body = text[text.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
        if body.isEmpty { return [] }
        var out: [Double] = []
        for part in body.split(separator: ",") {
            guard let v = Double(part.trimmingCharacters(in: .whitespaces)) else { return nil }
            out.append(v)
        }
        return out
    }

    static func numbers(_ row: [Any]) -> [Double]? {
        var out: [Double] = []
        for v in row {
            if let d = v as? Double { out.append(d) }
            else if let n = v as? NSNumber { out.append(n.doubleValue) }
            else { return nil }
        }
        return out
    }

    public func act(_ request: PolicyRequest) async throws -> ActionChunk {
        let start = request.observation.step
        guard start < actions.count else { return ActionChunk(actions: [], done: true, notes: ["replay finished"]) }
        let end = min(actions.count, start + chunk)
        return ActionChunk(actions: Array(actions[start..<end]), done: end == actions.count)
    }
}
