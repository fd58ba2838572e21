import Foundation

/// Phrases inside a clause the parser asks about: is it a handover (and to which
/// arm), which arm phrases to drop, does a pick phrase also say where the thing goes.
extension InstructionParser {
    /// A handover clause: its object text and the receiving arm. A hand verb ("hand",
    /// "give", "pass" to an arm) or, on two arms, any move "to the other/left/right arm".
    static func handover(_ c: String, arms: Int) -> (String, String?)? {
        let armWords = [" arm ", " hand ", " gripper ", " other ", " one ", " over "]
        let toArm = [" to the left", " to the right", " to left", " to right", " to the other", " left to right ", " right to left ", " to your left",
                     " to your right", " to its left", " to its right", " to your other", " to my left", " to my right"].contains { c.contains($0) }
            && (armWords.contains { c.contains($0) } || [" to the left ", " to the right ", " to left ", " to right "].contains { c.hasSuffix($0) })
        let verb = handVerbs.first { c.hasPrefix(" \($0) ") || ($0.contains(" ") && c.contains(" \($0) ")) }
        let isHandover: Bool
        if let v = verb {
            isHandover = !["pass", "give", "transfer it"].contains(v) || toArm || (arms == 2 && armWords.contains { c.contains($0) })
        } else {
            isHandover = arms == 2 && toArm && (placeVerbs + pickVerbs + ["do"]).contains { c.hasPrefix(" \($0) ") }
        }
        // "take it from the left arm" (with the right arm): a handover to the other arm.
        if !isHandover, arms == 2, pickVerbs.contains(where: { c.hasPrefix(" \($0) ") }) {
            for (from, to) in [("left", "right"), ("right", "left")] where c.contains(" from the \(from) arm") || c.contains(" from the \(from) hand") || c.contains(" from the \(from) gripper") {
                let verb = pickVerbs.first { c.hasPrefix(" \($0) ") }!
                return (stripArms(String(c.dropFirst(verb.count + 2))), to)
            }
        }
        guard isHandover else { return nil }
        var rest = c
        if let v = verb ?? (placeVerbs + pickVerbs + ["do"]).first(where: { c.hasPrefix(" \($0) ") }), let r = c.range(of: " \(v) ") {
            rest = " " + c[r.upperBound...]
        }
        // The receiving arm is named after the last "to".
        let afterTo = rest.range(of: " to ", options: .backwards).map { String(rest[$0.upperBound...]) } ?? ""
        let sides = afterTo.split(separator: " ").filter { $0 == "left" || $0 == "right" }
        let to = sides.first.map(String.init)
        rest = rest.replacingOccurrences(of: " a handover of ", with: " ").replacingOccurrences(of: " handover of ", with: " ")
        rest = stripArms(rest)
        rest = rest.replacingOccurrences(of: " over ", with: " ").replacingOccurrences(of: " off ", with: " ")
        let objText = rest.components(separatedBy: " to ").first ?? rest
        return (objText.replacingOccurrences(of: " left", with: " ").replacingOccurrences(of: " right", with: " "), to)
    }

    /// Removes the arm phrases of a clause ("with your left arm", "from the right gripper").
    static func stripArms(_ text: String) -> String {
        var words = text.split(separator: " ").map(String.init)
        var i = 0
        while i < words.count {
            var k = i
            guard ["with", "using", "in", "by", "from", "to"].contains(words[k]) else { i += 1; continue }
            k += 1
            if k < words.count, ["the", "your", "its", "my"].contains(words[k]) { k += 1 }
            if k + 1 < words.count, ["left", "right", "other"].contains(words[k]), ["arm", "hand", "gripper", "one"].contains(words[k + 1]) {
                words.removeSubrange(i...(k + 1))
            } else if k < words.count, ["arm", "hand", "gripper"].contains(words[k]), k > i + 1 {
                words.removeSubrange(i...k)
            } else {
                i += 1
            }
        }
        return " " + words.joined(separator: " ") + " "
    }

    /// A pick phrase that also says where the thing goes: "to the counter", "onto", "into".
    static func hasDestination(_ body: String, plainOnIn: Bool = false) -> Bool {
        let b = " " + body + " "
        if b.contains(" onto ") || b.contains(" into ") { return true }
        if plainOnIn && (b.contains(" on the ") || b.contains(" in the ")) { return true }
        guard let r = b.range(of: " to ") else { return false }
        let after = b[r.upperBound...]
        return !after.hasPrefix("the left") && !after.hasPrefix("the right") && !b[..<r.lowerBound].hasSuffix(" next")
            && !["arm", "hand", "gripper"].contains(where: { after.contains($0) })
    }
}
