/// Clause shapes people use that the grammar reads in one form (docs/INSTRUCTIONS.md):
/// an arm as the subject ("the left arm should pick up …", "use the right arm to …"),
/// "go get …", and requests without a leading verb ("the bowl moved onto the plate",
/// "the white carton goes in the basket"). Works on normalised text, clause by clause.
enum ClauseShapes {
    static func rewrite(_ text: String) -> String {
        var tokens = text.split(separator: " ").map(String.init)
        // A modal that opens the request ("can the right arm give …").
        while let first = tokens.first, ["can", "could", "would", "will", "shall", "should", "must", "may", "do"].contains(first) { tokens.removeFirst() }
        var clauses: [[String]] = [[]]
        var i = 0
        while i < tokens.count {
            let t = tokens[i]
            let nextIsVerb = i + 1 < tokens.count && isVerb(tokens, i + 1)
            if t == "," || t == "then" || (t == "and" && nextIsVerb) {
                clauses.append([t]); clauses.append([])
            } else {
                clauses[clauses.count - 1].append(t)
            }
            i += 1
        }
        // "left arm: pick up the block": an arm alone before a comma is the next clause's subject.
        var k = 0
        while k + 2 < clauses.count {
            let c = clauses[k].filter { $0 != "the" && $0 != "your" }
            if c.count == 2, ["left", "right"].contains(c[0]), ["arm", "hand", "gripper"].contains(c[1]), clauses[k + 1] == [","] {
                clauses[k + 2] = clauses[k] + clauses[k + 2]
                clauses.removeSubrange(k...(k + 1))
            } else {
                k += 1
            }
        }
        return " " + clauses.map(shape).flatMap { $0 }.joined(separator: " ") + " "
    }

    static func isVerb(_ tokens: [String], _ i: Int) -> Bool {
        let t = tokens[i].hasPrefix("~") ? String(tokens[i].dropFirst()) : tokens[i]
        var copy = tokens
        copy[i] = t
        return InstructionParser.startsClause(copy, i)
    }

    static func shape(_ clause: [String]) -> [String] {
        guard !clause.isEmpty, clause != [","], clause != ["then"], clause != ["and"] else { return clause }
        var c = clause
        // "go get the mug", "come pick up the cube": the second verb is the request.
        if c.count > 1, ["go", "come"].contains(c[0]), isVerb(c, 1), !InstructionParser.navVerbs.contains(c[1]) { c.removeFirst() }
        // "use both arms to hand …", "with both hands": the verb is the request.
        if c.count > 4, ["use", "using", "with"].contains(c[0]), ["both", "2", "two"].contains(c[1]), ["arms", "hands", "grippers"].contains(c[2]) {
            c.removeFirst(3)
            if c.first == "to" || c.first == "," { c.removeFirst() }
        }
        // "once the right arm has the blue block": the arm picks it up.
        if c.count > 4, ["once", "when", "after", "if"].contains(c[0]), ["the", "your"].contains(c[1]), ["left", "right"].contains(c[2]),
           ["arm", "hand", "gripper"].contains(c[3]) {
            var k = 4
            if k < c.count, ["has", "holds", "~hold", "~get", "~pick", "is"].contains(c[k]) { k += 1 } else { return c }
            if k < c.count, ["holding", "up", "~grab"].contains(c[k]) { k += 1 }
            return ["pick", "up"] + c[k...] + ["with", "the", c[2], "arm"]
        }
        // An arm as the subject, or "use the left arm to …": the arm moves to the end.
        if let (side, length) = armSubject(c) {
            c.removeFirst(length)
            c += ["with", "the", side, "arm"]
        }
        // Past forms: at the start they are the verb; inside a clause that has no
        // leading verb they make it a request ("the bowl moved to the plate").
        if let first = c.first, first.hasPrefix("~") { c[0] = String(first.dropFirst()) }
        if c.dropFirst().contains(where: { $0.hasPrefix("~") }) {
            let leadsWithVerb = isVerb(c, 0)
            c.removeAll { $0.hasPrefix("~") }
            if !leadsWithVerb { c.insert("put", at: 0) }
        }
        return c
    }

    /// "[the] left arm [should|will|can|to] VERB", "use|using|with the left arm [to|,] VERB",
    /// "have the left arm VERB": the side and how many leading tokens name it.
    static func armSubject(_ c: [String]) -> (String, Int)? {
        var k = 0
        if k < c.count, ["use", "using", "with", "have", "let", "get"].contains(c[k]) { k += 1 }
        if k < c.count, ["the", "your", "its"].contains(c[k]) { k += 1 }
        guard k + 1 < c.count, ["left", "right"].contains(c[k]), ["arm", "hand", "gripper", "one"].contains(c[k + 1]) else { return nil }
        let side = c[k]
        k += 2
        while k < c.count, ["should", "will", "can", "to", ",", "must", "please"].contains(c[k]) { k += 1 }
        guard k < c.count, isVerb(c, k) else { return nil }
        return (side, k)
    }
}
