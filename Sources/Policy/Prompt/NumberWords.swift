/// Numbers people spell out, turned into digits before any other rule reads a
/// sentence, so each rule matches one form: "twenty hertz" → "20 hertz",
/// "seven-dimensional" → "7-dimensional", "minus one opens it" → "-1 opens it".
/// Ordinals stay words; `ordinal` reads them where a rule wants a position.
enum NumberWords {
    static let small: [String: Int] = [
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
        "seventeen": 17, "eighteen": 18, "nineteen": 19,
    ]
    static let tens: [String: Int] = ["twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90]
    static let ordinals: [String: Int] = [
        "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
        "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
    ]
    /// Words after which "one" is a pronoun ("the last one"), not a number.
    static let pronounOne: Set<String> = ["the", "last", "final", "first", "next", "each", "this", "that", "which", "every",
                                          "any", "no", "other", "another", "a", "an", "second", "third", "only", "same"]

    /// 1-based position an ordinal names: "first" → 1, "seventh" → 7, "7th" → 7.
    static func ordinal(_ word: String) -> Int? {
        if let n = ordinals[word] { return n }
        if let m = word.wholeMatch(of: /(\d+)(?:st|nd|rd|th)/) { return Int(m.1) }
        return nil
    }

    /// `text` (lowercased) with every spelled number as digits.
    static func digits(_ text: String) -> String {
        // Runs of letters, and runs of everything else between them.
        var tokens: [Substring] = []
        var start = text.startIndex
        var inWord = false
        for i in text.indices {
            let letter = text[i].isLetter
            if i == text.startIndex { inWord = letter; continue }
            if letter != inWord { tokens.append(text[start..<i]); start = i; inWord = letter }
        }
        if start < text.endIndex { tokens.append(text[start...]) }

        func isWord(_ k: Int) -> Bool { k < tokens.count && tokens[k].first?.isLetter == true }
        /// A separator that may join the parts of one number: a space or a hyphen.
        func joins(_ k: Int) -> Bool { k < tokens.count && (tokens[k] == " " || tokens[k] == "-") }

        /// The number starting at token k, and the token after it.
        func number(at k: Int) -> (Int, Int)? {
            var value = 0
            var k = k
            var any = false
            // [a | one … nineteen] hundred
            if joins(k + 1), isWord(k + 2), tokens[k + 2] == "hundred", tokens[k] == "a" || small[String(tokens[k])] != nil {
                value = (small[String(tokens[k])] ?? 1) * 100; k += 3; any = true
                if joins(k), isWord(k + 1), tokens[k + 1] == "and", joins(k + 2) { k += 2 }
                if !(joins(k) && isWord(k + 1) && (tens[String(tokens[k + 1])] != nil || small[String(tokens[k + 1])] != nil)) { return (value, k) }
                k += 1
            } else if tokens[k] == "hundred" {
                return (100, k + 1)
            }
            if let t = tens[String(tokens[k])] {
                value += t; k += 1; any = true
                if joins(k), isWord(k + 1), let u = small[String(tokens[k + 1])], u > 0, u < 10 { value += u; k += 2 }
                return (value, k)
            }
            if let u = small[String(tokens[k])] { return (value + u, k + 1) }
            return any ? (value, k) : nil
        }

        var out = ""
        var k = 0
        var previousWord = ""
        while k < tokens.count {
            let t = String(tokens[k])
            guard isWord(k), let (value, next) = number(at: k) else {
                out += t
                if isWord(k) { previousWord = t }
                k += 1; continue
            }
            if t == "one" && pronounOne.contains(previousWord) && !(next < tokens.count && tokens[next].hasPrefix("-")) {
                out += t; previousWord = t; k += 1; continue
            }
            // "minus one" → "-1", "plus one" → "+1": the sign word is already in `out`.
            for (word, sign) in [("minus ", "-"), ("negative ", "-"), ("plus ", "+"), ("positive ", "+")] where out.hasSuffix(word) {
                out.removeLast(word.count); out += sign; break
            }
            out += String(value)
            previousWord = String(value)
            k = next
        }
        return out
    }
}
