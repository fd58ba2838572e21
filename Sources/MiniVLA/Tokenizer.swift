/// minivla's word tokenizer, the twin of python/minivla/tokenizer.py: ASCII letters are
/// lower-cased; tokens are runs of letters, runs of digits with an optional decimal part
/// (`0.05`), and the signs `-` and `+`; every other character separates tokens. Unknown
/// words map to 1 (`<unk>`); 0 is padding, never produced.
public struct MiniVLATokenizer: Sendable {
    public let vocabulary: [String]
    let index: [String: Int]

    public init(vocabulary: [String]) {
        self.vocabulary = vocabulary
        var idx: [String: Int] = [:]
        for (i, w) in vocabulary.enumerated() where idx[w] == nil { idx[w] = i }
        index = idx
    }

    public static func split(_ text: String) -> [String] {
        let s = Array(text.utf8)
        var out: [String] = []
        var i = 0
        func isLetter(_ c: UInt8) -> Bool { (c >= 97 && c <= 122) || (c >= 65 && c <= 90) }
        func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        while i < s.count {
            let c = s[i]
            if isLetter(c) {
                var j = i
                while j < s.count, isLetter(s[j]) { j += 1 }
                out.append(String(decoding: s[i..<j].map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self))
                i = j
            } else if isDigit(c) {
                var j = i
                while j < s.count, isDigit(s[j]) { j += 1 }
                if j + 1 < s.count, s[j] == 46, isDigit(s[j + 1]) {  // a decimal part
                    j += 1
                    while j < s.count, isDigit(s[j]) { j += 1 }
                }
                out.append(String(decoding: s[i..<j], as: UTF8.self))
                i = j
            } else {
                if c == 45 { out.append("-") } else if c == 43 { out.append("+") }
                i += 1
            }
        }
        return out
    }

    public func encode(_ text: String, maxTokens: Int) -> [Int] {
        Array(Self.split(text).prefix(maxTokens).map { index[$0] ?? 1 })
    }
}
