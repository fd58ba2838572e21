/// A position in the action vector as people say it: "index 6" (from 0),
/// "value 7" / "the seventh number" (from 1), "the last" / "final" / "second to
/// last" (from the end). "Last" means the final index of the CLAIMED vector, so
/// it is resolved only once the claim's length is known.
enum SlotRef: Equatable {
    case index(Int)
    case fromEnd(Int)

    /// No action vector is longer (openpi pads to 32, RDT-1B has 128 slots): a
    /// larger position or length is a typo, not a layout.
    static let longest = 256

    func resolve(length: Int) -> Int {
        switch self {
        case .index(let i): return i
        case .fromEnd(let k): return max(0, length - 1 - k)
        }
    }

    /// The first position named in `text` (normalised: digits, lowercase).
    static func read(_ text: String) -> SlotRef? {
        guard let ref = unbounded(text) else { return nil }
        if case .index(let i) = ref, !(0..<longest).contains(i) { return nil }
        return ref
    }

    static func unbounded(_ text: String) -> SlotRef? {
        let oneBased = text.firstMatch(of: /counting from 1|1-based|starting (?:at|from) 1|numbered from 1/) != nil
        let zeroBased = text.firstMatch(of: /counting from 0|0-based|starting (?:at|from) 0|numbered from 0/) != nil
        if text.firstMatch(of: /second[- ]to[- ]last|second[- ]last|penultimate|next[- ]to[- ]last/) != nil { return .fromEnd(1) }
        if text.firstMatch(of: /\b(?:last|final)\b|at the end|comes? last/) != nil { return .fromEnd(0) }
        if let m = text.firstMatch(of: /\b(?:index|channel|dimension|element|slot|idx)\s*(?:#|no\.?\s*)?(\d+)/), let n = Int(m.1) {
            return .index(oneBased ? n - 1 : n)
        }
        if let m = text.firstMatch(of: /\b(?:value|number|entry|position|component)\s*(?:#|no\.?\s*)?(\d+)\b/), let n = Int(m.1) {
            return .index(zeroBased ? n : n - 1)
        }
        if let m = text.firstMatch(of: /\b(\d+)(?:st|nd|rd|th)\b/), let n = Int(m.1), n > 0 { return .index(n - 1) }
        for word in text.split(whereSeparator: { !$0.isLetter }) {
            if let n = NumberWords.ordinal(String(word)) { return .index(n - 1) }
        }
        if text.firstMatch(of: /at the (?:start|beginning)|comes? first/) != nil { return .index(0) }
        return nil
    }
}

/// What one sentence says about the action vector as a whole: its length, its
/// slots in order (a bracketed list, or a list in prose: "dx, dy, dz, then the
/// rotation, then the gripper"), and padding slots placed by position.
struct LayoutStatement {
    var dimension: Int?
    /// The slots in order, when the sentence lists them and every item was read.
    var terms: [SlotTerm]?
    /// Items of a bracketed list that could not be read (the list then only gives a length).
    var unreadable: [String] = []
    /// Padding placed by position: "the last value is unused".
    var pads: [SlotRef] = []
    /// Whether `dimension` was said of the listed slots ("a 7-D vector [x, …]"):
    /// it then stands or falls with the list.
    var dimensionOfList = false
    /// A list in prose rather than brackets: read with less confidence, so a
    /// stated length it disagrees with wins over it.
    var prose = false

    var isEmpty: Bool { dimension == nil && terms == nil && unreadable.isEmpty && pads.isEmpty }

    /// Reads `s` (normalised: lowercase, numbers as digits, the task cut off).
    static func read(_ s: String, card: [String]) -> LayoutStatement {
        var out = LayoutStatement()
        out.dimension = dimension(in: s)
        if let m = s.firstMatch(of: /\[([^\]]*)\]/) {
            // "[x, y, z]", or "[x y z]" when there are no commas at all.
            let separators: Set<Character> = m.1.contains(",") || m.1.contains(";") ? [",", ";"] : [" ", "\t"]
            let items = m.1.split(whereSeparator: { separators.contains($0) }).map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let read = items.map { SlotWords.terms(in: $0, card: card, strict: true) }
            if read.allSatisfy({ $0 != nil }) {
                out.terms = read.flatMap { $0! }
                out.dimensionOfList = out.dimension != nil
            } else {
                out.unreadable = zip(items, read).filter { $0.1 == nil }.map(\.0)
                // Each item of a bracketed list is one number, even when its name is unknown.
                if out.dimension == nil, items.count <= SlotRef.longest { out.dimension = items.count }
            }
        } else if isListSentence(s) {
            let body = s.firstIndex(of: ":").map { String(s[s.index(after: $0)...]) } ?? s
            let items = body.split(separator: #/,|;| then | followed by | and | plus /#).map(String.init)
            var terms = items.compactMap { SlotWords.terms(in: $0, card: card, prose: true) }.flatMap { $0 }
            // "each arm sends its joints, then its gripper": the same again for the other arm.
            if s.firstMatch(of: /\b(?:each|every|per) arm\b|for each arm/) != nil, !terms.contains(where: { $0.kind == .sameAs }) {
                terms.append(SlotTerm(.sameAs))
            }
            if Set(terms.map(\.kind).map(kindKey)).count >= 2 { out.terms = terms; out.prose = true }
        }
        if out.terms == nil, s.firstMatch(of: padWords) != nil, let ref = SlotRef.read(s) {
            out.pads.append(ref)
        }
        return out
    }

    nonisolated(unsafe) static let padWords = /\bpad\b|padding|\bpadded\b|unused|reserved|ignored|\bspare\b|filler|always 0|kept at 0|set to 0|left at 0/

    /// A sentence that lists the action's parts in order: it speaks of the action
    /// (or its values) and gives an order (a colon, "then", "first", "last"…).
    static func isListSentence(_ s: String) -> Bool {
        s.firstMatch(of: /\baction|\bvector\b|\blayout\b|\b(?:values|numbers|entries|elements|slots|channels)\b|\border\b/) != nil
            && s.firstMatch(of: /:|\bthen\b|followed by|\bfirst\b|\blast\b|\bfinally\b|\bnext\b/) != nil
    }

    static func kindKey(_ k: SlotTerm.Kind) -> String {
        switch k {
        case .card(let i): return "card\(i)"
        default: return "\(k)"
        }
    }

    /// "7-D", "7-dimensional", "a vector of 7 numbers", "8 values", "padded to 32".
    static func dimension(in s: String) -> Int? {
        guard let d = statedLength(in: s), (1...SlotRef.longest).contains(d) else { return nil }
        return d
    }

    static func statedLength(in s: String) -> Int? {
        if let m = s.firstMatch(of: /\b(\d+)-(?:vector|element|number|value|float)s?\b|\b(\d+)-?d\b|\b(\d+)-?dim(?:ensional)?\b|\b(\d+) dimensions\b|(?:dimension|dimensionality|length|size) (?:is |of |= ?|: ?)(\d+)\b|vector of (\d+)\b|padded (?:with 0s? |with zeros )?to (\d+)/) {
            return Int(m.1 ?? m.2 ?? m.3 ?? m.4 ?? m.5 ?? m.6 ?? m.7 ?? "")
        }
        // "8 values", unless it counts a part: "the first 3 values", "next 3 numbers", "(3 numbers)".
        for m in s.matches(of: /(\(|\w+ )?(\d+) (?:real |float |scalar |continuous )?(?:numbers|values|floats|entries|elements|channels|dims|components|scalars)\b/) {
            if let w = m.1, ["(", "first ", "next ", "last ", "remaining ", "other ", "final "].contains(String(w)) { continue }
            return Int(m.2)
        }
        return nil
    }
}
