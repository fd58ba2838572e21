/// What a sentence says about a gripper: which arm's, where its number sits, and
/// which values open and close it. One sentence may speak of two grippers ("the
/// left gripper is index 6 and the right gripper index 13; 1 opens, 0 closes").
struct GripperFact: Equatable {
    var arm: String?
    var ref: SlotRef?
    var open: Double?
    var closed: Double?

    var isEmpty: Bool { ref == nil && open == nil && closed == nil }
}

enum GripperStatement {
    /// The facts in `s` (normalised), one per gripper mentioned. `positions`:
    /// false where the sentence is a layout list, which already places the gripper.
    static func read(_ s: String, positions: Bool) -> [GripperFact] {
        var text = s
        for phrase in SlotWords.notSlots { text = text.replacingOccurrences(of: phrase, with: " ") }
        let mentions = text.matches(of: /(?:\b(left|right)[ _])?(?:gripper|claw|jaw)s?\b/)
        let shared = sign(in: text)
        // "send 1 to close and -1 to open" after a sentence about the gripper: only a gripper opens and closes.
        guard !mentions.isEmpty else { return shared.open != nil || shared.closed != nil ? [GripperFact(open: shared.open, closed: shared.closed)] : [] }
        var facts: [GripperFact] = []
        for (i, m) in mentions.enumerated() {
            let after = String(text[m.range.upperBound..<(i + 1 < mentions.count ? mentions[i + 1].range.lowerBound : text.endIndex)])
            let before = String(text[(i > 0 ? mentions[i - 1].range.upperBound : text.startIndex)..<m.range.lowerBound])
            var fact = GripperFact(arm: m.1.map(String.init))
            if positions {
                // "the gripper is index 6" reads after the mention, "the last value is the gripper" before it;
                // "-1 opens" is a value, not a position.
                fact.ref = SlotRef.read(clause(withoutSigns(after), leading: true)) ?? SlotRef.read(clause(withoutSigns(before), leading: false))
            }
            let own = sign(in: after)
            fact.open = own.open ?? shared.open
            fact.closed = own.closed ?? shared.closed
            if !fact.isEmpty { facts.append(fact) }
        }
        return facts
    }

    /// `text` without its sign statements ("-1 opens it", "closed = 0").
    static func withoutSigns(_ text: String) -> String {
        text.replacing(/[-+]?\d+(?:\.\d+)?\s*(?:\(\s*)?(?:=|means|is|for|to|->|→)?\s*(?:fully\s+)?(?:open|clos)\w*|\b(?:open|clos)\w*\s*(?:it\s+)?(?:is|=|:|with|at|->|→|by)?\s*(?:sending\s+)?[-+]?\d+(?:\.\d+)?/, with: " ")
    }

    /// The clause next to a mention: after it up to a sentence break (`leading`), or before it back to one.
    static func clause(_ text: String, leading: Bool) -> String {
        if leading {
            let cut = text.firstRange(of: /;|\.\s|\bwhile\b/)?.lowerBound ?? text.endIndex
            return String(text[..<cut])
        }
        let start = text.matches(of: /[:;,]/).last?.range.upperBound ?? text.startIndex
        return String(text[start...])
    }

    /// The values that open and close a gripper, as stated.
    static func sign(in s: String) -> (open: Double?, closed: Double?) {
        var open = s.firstMatch(of: /([-+]?\d+(?:\.\d+)?)\s*(?:\(\s*)?(?:=|means|is|for|to|->|→)?\s*(?:fully\s+)?open(?:s|ed)?\b/).flatMap { Double($0.1) }
            ?? s.firstMatch(of: /\bopen(?:s|ed)?\s*(?:it\s+)?(?:is|=|:|with|at|->|→|by)?\s*(?:sending\s+)?([-+]?\d+(?:\.\d+)?)/).flatMap { Double($0.1) }
        var closed = s.firstMatch(of: /([-+]?\d+(?:\.\d+)?)\s*(?:\(\s*)?(?:=|means|is|for|to|->|→)?\s*(?:fully\s+)?clos(?:es|ed|e|ing)?\b/).flatMap { Double($0.1) }
            ?? s.firstMatch(of: /\bclos(?:es|ed|e)\s*(?:it\s+)?(?:is|=|:|with|at|->|→|by)?\s*(?:sending\s+)?([-+]?\d+(?:\.\d+)?)/).flatMap { Double($0.1) }
        // "positive values close it, negative values open it"
        if let m = s.firstMatch(of: /\b(positive|negative)\s+(?:values?\s+|numbers?\s+)?(open|clos)/) {
            let value: Double = m.1 == "positive" ? 1 : -1
            if m.2 == "open" { open = open ?? value; closed = closed ?? -value } else { closed = closed ?? value; open = open ?? -value }
        }
        return (open, closed)
    }
}
