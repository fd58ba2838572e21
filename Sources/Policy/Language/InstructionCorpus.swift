import World

/// The instruction corpora (Tests/Corpora/instructions.txt, refusals.txt): sections
/// `[scene]`, then lines `INSTRUCTION => EXPECTED`. Expected is a goal in the scene
/// predicate language, `path(N)` for a trajectory scene's task N, or — in the
/// refusal corpus — the kind of refusal (`fixed`, `missing`, `ambiguous`,
/// `unreadable`, `two arms`, `cannot drive`, `no arm`).
public struct CorpusEntry: Sendable, Equatable {
    public var scene: String
    public var instruction: String
    public var expected: String
    public var line: Int

    public init(scene: String, instruction: String, expected: String, line: Int) {
        self.scene = scene; self.instruction = instruction; self.expected = expected; self.line = line
    }
}

public enum InstructionCorpus {
    public struct ParseError: Error, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    public static func parse(_ text: String) throws -> [CorpusEntry] {
        var out: [CorpusEntry] = []
        var scene: String?
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") { scene = String(line.dropFirst().dropLast()); continue }
            guard let scene else { throw ParseError(line: n + 1, message: "an entry before any [scene] section") }
            guard let r = line.range(of: "=>", options: .backwards) else { throw ParseError(line: n + 1, message: "expected `INSTRUCTION => EXPECTED`") }
            out.append(CorpusEntry(scene: scene, instruction: line[..<r.lowerBound].trimmingCharacters(in: .whitespaces),
                                   expected: line[r.upperBound...].trimmingCharacters(in: .whitespaces), line: n + 1))
        }
        return out
    }

    /// Words a refusal of each kind must contain.
    public static let refusalWords: [String: [String]] = [
        "fixed": ["fixed"], "missing": ["there is no", "nothing in this scene is", "can't find"], "ambiguous": ["could be"],
        "unreadable": ["could not read", "is empty"], "two arms": ["two arms"], "cannot drive": ["cannot drive"], "no arm": ["has no arm"],
    ]

    /// Whether a reading matches an entry of the instruction corpus; nil when it
    /// does, else what differs.
    public static func mismatch(_ reading: InstructionReading, expected: String) -> String? {
        if let refusal = reading.refusal { return "refused: \(refusal)" }
        if expected.hasPrefix("path(") {
            let n = Int(expected.dropFirst(5).dropLast()) ?? -1
            return reading.pathTask == n ? nil : "path \(reading.pathTask.map(String.init) ?? "none"), expected \(n)"
        }
        guard let want = try? GoalParser.parse(expected) else { return "the expected goal `\(expected)` does not parse" }
        guard let goal = reading.goal else { return "no goal" }
        return InstructionReader.sameGoal(goal, want) ? nil : "goal \(goal)"
    }

    /// Whether a reading refuses as an entry of the refusal corpus says; nil when it does.
    public static func refusalMismatch(_ reading: InstructionReading, expected: String) -> String? {
        guard let refusal = reading.refusal else { return "not refused (goal \(reading.goal.map(\.description) ?? "none"))" }
        let words = refusalWords[expected] ?? [expected]
        return words.contains(where: { refusal.contains($0) }) ? nil : "refused for another reason: \(refusal)"
    }
}
