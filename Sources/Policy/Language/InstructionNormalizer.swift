import Foundation
import World

/// A word the reader changed to one it knows, shown to the user ("bwol → bowl").
public struct Correction: Sendable, Equatable, CustomStringConvertible {
    public var from: String
    public var to: String
    public var description: String { "\(from) → \(to)" }
}

/// An instruction as the grammar reads it: lower case, one space between words,
/// punctuation as clause commas, politeness and filler dropped, numbers as digits,
/// verbs in their plain form, typos corrected against the scene's own words.
public struct NormalizedInstruction: Sendable, Equatable {
    public var text: String
    public var corrections: [Correction]
}

/// Turns what people type into what the grammar reads (docs/INSTRUCTIONS.md,
/// "Normalisation"). Pure: the scene's vocabulary comes in as a set of words.
public enum InstructionNormalizer {
    /// Words of the scene an instruction may name: object, fixture, region and
    /// landmark names, colours and categories.
    public static func vocabulary(of model: WorldModel) -> Set<String> {
        var v = Set<String>()
        func add(_ s: String) { s.split(whereSeparator: { $0 == "_" || $0 == " " }).forEach { v.insert(String($0)) } }
        for o in model.objects { add(o.name); add(o.color); add(o.category); add(o.shape.name) }
        model.scene.fixtures.forEach { add($0.name) }
        model.scene.regions.forEach { add($0.name) }
        model.scene.map?.landmarks.forEach { add($0.name) }
        model.robot.arms.forEach { add($0.name) }
        // The scene's own task wording ("square", "triangle"): typos of it are corrected too.
        for t in model.scene.tasks { t.instruction.lowercased().split(separator: " ").filter { $0.count >= 5 && $0.allSatisfy(\.isLetter) }.forEach { v.insert(String($0)) } }
        return v.filter { $0.count > 1 && !$0.allSatisfy(\.isNumber) }
    }

    public static func normalize(_ instruction: String, vocabulary: Set<String>) -> NormalizedInstruction {
        var text = " " + instruction.lowercased() + " "
        for (a, b) in [("’", "'"), ("‘", "'"), ("“", " "), ("”", " "), ("\"", " "), ("left-most", "leftmost"), ("right-most", "rightmost"),
                       ("-", " "), ("/", " "), ("(", " , "), (")", " , "), ("&", " and ")] {
            text = text.replacingOccurrences(of: a, with: b)
        }
        for (a, b) in contractions { text = text.replacingOccurrences(of: " \(a) ", with: " \(b) ") }
        // Sentence and clause punctuation all become clause commas; the grammar splits there.
        text = text.map { ".,!?;:".contains($0) ? " , " : String($0) }.joined()
        text = text.replacingOccurrences(of: "'s ", with: " ").replacingOccurrences(of: "'", with: " ")
        var words = text.split(separator: " ").map(String.init)

        words = words.map { shorthands[$0] ?? $0 }
        words = words.map { verbForms[$0] ?? $0 }
        var corrections: [Correction] = []
        words = words.map { w in
            if let alias = aliases[w], !vocabulary.contains(w), alias.split(separator: " ").allSatisfy({ vocabulary.contains(String($0)) }) { return alias }
            guard let fixed = correct(w, vocabulary: vocabulary) else { return w }
            if !corrections.contains(where: { $0.from == w }) { corrections.append(Correction(from: w, to: fixed)) }
            return fixed
        }
        words = numbersAsDigits(words)
        text = " " + words.joined(separator: " ") + " "
        for phrase in fillers { text = text.replacingOccurrences(of: " \(phrase) ", with: " ") }
        // Twice: fillers may be nested ("could you please just ...").
        for phrase in fillers { text = text.replacingOccurrences(of: " \(phrase) ", with: " ") }
        for (a, b) in rewrites { text = text.replacingOccurrences(of: a, with: b) }
        for (a, b) in positions { text = text.replacingOccurrences(of: a, with: b) }
        text = sidePositions(text)
        text = ClauseShapes.rewrite(text)
        text = reorderLeadingPlace(text)
        // Commas that no longer separate anything.
        var out: [String] = []
        for w in text.split(separator: " ").map(String.init) {
            if w == ",", out.isEmpty || out.last == "," || out.last == "and" || out.last == "then" { continue }
            if (w == "and" || w == "then"), out.last == "," { out.removeLast() }
            out.append(w)
        }
        while out.last == "," || out.last == "and" { out.removeLast() }
        return NormalizedInstruction(text: out.joined(separator: " "), corrections: corrections)
    }

    /// "the moka pot on the right" → "the moka pot rightmost"; "on the left of" and
    /// "on the left arm" stay (a relation, an arm).
    static func sidePositions(_ text: String) -> String {
        var w = text.split(separator: " ").map(String.init)
        var i = 0
        while i + 2 < w.count {
            if ["on", "at", "in"].contains(w[i]), w[i + 1] == "the", w[i + 2] == "left" || w[i + 2] == "right" {
                let next = i + 3 < w.count ? w[i + 3] : ""
                if !["of", "side", "arm", "hand", "gripper", "one", "bowl", "plate", "corner"].contains(next) {
                    w.replaceSubrange(i...(i + 2), with: [w[i + 2] + "most"])
                }
            }
            i += 1
        }
        return " " + w.joined(separator: " ") + " "
    }

    /// "on the stove, put the black bowl" → "put the black bowl on the stove".
    static func reorderLeadingPlace(_ text: String) -> String {
        let t = text.trimmingCharacters(in: .whitespaces)
        for prep in ["onto", "into", "on", "in", "to"] where t.hasPrefix(prep + " ") {
            guard let comma = t.range(of: " , ") else { return text }
            let place = String(t[..<comma.lowerBound])
            let rest = String(t[comma.upperBound...])
            guard InstructionParser.placeVerbs.contains(where: { rest.hasPrefix($0 + " ") }), !rest.contains(" then ") else { return text }
            return " " + rest + " " + place + " "
        }
        return text
    }

    /// The closest word the reader knows, when `w` is not one: one edit for short
    /// words, two for long ones, and only when one word is closest.
    static func correct(_ w: String, vocabulary: Set<String>) -> String? {
        // No name is 40 letters long: a longer word is never a typo of one (and a 10 KB
        // word of `s`es made the plural rule below recurse once per letter).
        guard w.count >= 4, w.count <= 64, w.allSatisfy(\.isLetter), !vocabulary.contains(w), !known.contains(w),
              !vocabulary.contains(Grounder.normalize(w)), !known.contains(Grounder.normalize(w)) else { return nil }
        let limit = w.count >= 7 ? 2 : 1
        var best: [String] = []
        var bestDistance = limit + 1
        for c in vocabulary.union(grammarWords) where abs(c.count - w.count) <= limit && c.count >= 3 {
            let d = editDistance(w, c)
            guard d <= limit else { continue }
            if d < bestDistance { bestDistance = d; best = [c] } else if d == bestDistance { best.append(c) }
        }
        // A plural typo ("bowsl") is matched through its singular.
        if best.isEmpty, w.hasSuffix("s"), let singular = correct(String(w.dropLast()), vocabulary: vocabulary) { return singular + "s" }
        let scene = best.filter { vocabulary.contains($0) }
        if scene.count == 1 { return scene[0] }
        return best.count == 1 ? best[0] : nil
    }

    /// Numbers in words before a unit or a noun become digits ("twenty centimetres");
    /// "two" before a plural thing becomes "both" ("the two moka pots").
    static func numbersAsDigits(_ words: [String]) -> [String] {
        var out: [String] = []
        var i = 0
        while i < words.count {
            let w = words[i]
            if var n = numberWords[w] {
                var j = i + 1
                // "twenty five", "a hundred and fifty".
                if n >= 20, n < 100, j < words.count, let u = numberWords[words[j]], u < 10 { n += u; j += 1 }
                let next = j < words.count ? words[j] : ""
                if w == "two" || w == "both", !units.contains(next), n == 2, next != "," {
                    out.append("both"); i = j; continue
                }
                if units.contains(next) || next.first?.isNumber == true || (w != "one" && !next.isEmpty) {
                    out.append(String(n)); i = j; continue
                }
            }
            out.append(w)
            i += 1
        }
        return out
    }

    static let numberWords: [String: Int] = [
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
        "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
        "hundred": 100, "half": 0,
    ].filter { $0.key != "half" }
    static let units: Set<String> = ["cm", "centimeter", "centimeters", "centimetre", "centimetres", "m", "meter", "meters", "metre", "metres",
                                     "mm", "millimeters", "millimetres", "degrees", "deg", "seconds", "steps", "times", "sides", "corners", "hz"]

    static let contractions: [(String, String)] = [
        ("that's", "that is"), ("it's", "it is"), ("what's", "what is"), ("there's", "there is"), ("i'd", "i would"),
        ("you'd", "you would"), ("i'm", "i am"), ("you're", "you are"), ("you've", "you have"), ("we'd", "we would"),
        ("don't", "do not"), ("dont", "do not"), ("can't", "cannot"), ("won't", "will not"), ("let's", "let us"),
        ("lets", "let us"), ("one's", "one is"), ("who's", "who is"), ("thats", "that is"), ("whats", "what is"),
    ]

    /// Politeness, hedges and filler: they change nothing a robot should do.
    static let fillers: [String] = [
        "would you mind", "would you please", "could you please", "can you please", "will you please", "could you", "can you", "would you",
        "will you", "i would like you to", "i would like", "i want you to", "i need you to", "i want", "i need", "we need you to",
        "i would love it if you could", "i would love you to", "if you could", "if you can", "if possible", "when you get a chance",
        "go ahead and", "make sure to", "make sure you", "try to", "try and", "you should", "you need to", "you have to", "you must",
        "the robot should", "robot should", "let us", "please", "pls", "plz", "kindly", "thanks", "thank you", "thx", "cheers",
        "hey robot", "hey", "hi", "hello", "ok", "okay", "alright", "so", "now", "just", "for me", "robot", "carefully", "gently",
        "slowly", "quickly", "real quick", "right away", "as well", "also", "again", "yourself", "go on and", "be so kind as to",
        "do me a favor and", "do me a favour and", "i would appreciate it if you would", "actually", "simply", "um", "uh",
    ]

    /// Phrasings the grammar reads one way.
    static let rewrites: [(String, String)] = [
        (" that is sitting ", " "), (" which is sitting ", " "), (" that sits ", " "), (" which sits ", " "), (" sitting ", " "),
        (" that rests ", " "), (" resting ", " "), (" that is lying ", " "), (" lying ", " "), (" located ", " "), (" standing ", " "),
        (" that stands ", " "), (" that is placed ", " "), (" which is ", " "), (" that is ", " "), (" that are ", " "), (" which are ", " "),
        (" off of the ", " from the "), (" off the ", " from the "), (" over to ", " to "), (" in between ", " between "), (" take me to ", " go to "), (" bring me to ", " go to "), (" lead me to ", " go to "),
        (" show me the way to ", " go to "), (" show me ", " go to "), (" to the front of ", " in front of "), (" at the front of ", " in front of "),
        (" to the back of ", " behind "), (" in back of ", " behind "), (" at the back of ", " behind "), (" across to ", " to "),
        (" up onto ", " onto "), (" up on to ", " onto "), (" up into ", " into "), (" on to ", " onto "), (" down onto ", " onto "),
        (" down on ", " on "), (" down in ", " in "), (" down into ", " into "), (" by the ", " next to the "), (" alongside ", " next to "),
        (" adjacent to ", " next to "), (" close to ", " next to "), (" right next to ", " next to "), (" directly ", " "),
        (" on top of the ", " ontopof the "), (" atop ", " ontopof "), (" within ", " in "), (" inside of ", " inside "),
        (" two of the ", " both "), (" both of the ", " both "), (" all of the ", " all "), (" the both ", " both "),
        (" once you have ", " "), (" once you ve ", " "), (" when you are done ", " then "), (" when done ", " then "),
        (" after you ", " then "), (" and after that ", " then "), (" after which ", " then "), (" as soon as ", " "),
        (" you will find ", " "), (" you see ", " "), (" you can see ", " "), (" there ", " "), (" with your gripper ", " "),
        (" with the gripper ", " "), (" the robot ", " "), (" please ", " "), (" lastly ", " then "), (" and finally ", " then "), (" finally ", " then "), (" itself ", " "), (" and and ", " and "),
    ]

    /// Other forms of the grammar's verbs ("picking", "picked", "grabs") → the plain verb.
    /// Past forms are marked (`~`): "the bowl moved to the plate" is a request only
    /// when no plain verb leads the clause (ClauseShapes).
    static let verbForms: [String: String] = {
        var m: [String: String] = [:]
        let verbs = InstructionParser.pickVerbs + InstructionParser.placeVerbs + InstructionParser.handVerbs + InstructionParser.navVerbs
            + InstructionParser.traceVerbs
        for v in verbs where !v.contains(" ") {
            m[v + "ing"] = v; m[v + "s"] = v
            if v.hasSuffix("e") { m[String(v.dropLast()) + "ing"] = v; m[v + "d"] = "~" + v }
            else { m[v + "ed"] = "~" + v }
            if let last = v.last, !"aeiouwy".contains(last) { m[v + String(last) + "ing"] = v; m[v + String(last) + "ed"] = "~" + v }
            if v.hasSuffix("sh") || v.hasSuffix("ss") || v.hasSuffix("ch") { m[v + "es"] = v }
        }
        for (a, b) in [("putting", "put"), ("setting", "set"), ("goes", "go"), ("going", "go"), ("brought", "~bring"), ("taken", "~take"),
                       ("took", "~take"), ("carried", "~carry"), ("carries", "carry"), ("gone", "~go"), ("lain", "~lay"), ("laid", "~lay"),
                       ("held", "~hold"), ("got", "~get"), ("gotten", "~get"), ("gave", "~give"), ("given", "~give"), ("drew", "~draw"), ("drawn", "~draw")] {
            m[a] = b
        }
        m["goes"] = "~go"; m["belongs"] = "~go"; m["stopped"] = "~stop"; m["dropped"] = "~drop"; m["grabbed"] = "~grab"; m["wandering"] = "wander"
        m["lift"] = nil; m["pass"] = nil; m["press"] = nil; m["cross"] = nil; m["access"] = nil; m["address"] = nil
        for w in ["parked", "has", "was", "is", "as", "its", "us", "this", "yes", "bus", "gas", "glass", "less", "process", "cross", "pass", "address"] { m[w] = nil }
        return m
    }()

    /// Shorthand people type.
    static let shorthands: [String: String] = ["ur": "your", "u": "you", "pls": "please", "plz": "please", "thx": "thanks", "w": "with",
                                               "b4": "before", "n": "and", "abt": "about", "2": "2", "oj": "orange juice"]

    /// Other names for things, used when the scene has the second and not the first.
    static let aliases: [String: String] = [
        "burner": "stove", "cooker": "stove", "hob": "stove", "oven": "stove", "loo": "toilet", "wc": "toilet", "tub": "bathtub",
        "bath": "bathtub", "bookcase": "bookshelf", "shelf": "bookshelf", "shelves": "bookshelf", "telly": "tv", "television": "tv",
        "couch": "sofa", "settee": "sofa", "refrigerator": "fridge", "hall": "hallway", "corridor": "hallway", "lounge": "living room",
        "cupboard": "cabinet", "bin": "basket", "dish": "plate", "cup": "mug", "tin": "can", "cube": "block", "block": "cube",
        "flowerpot": "plant", "bottle": "bottle", "bedside": "nightstand", "closet": "wardrobe", "desk": "table", "worktop": "counter",
        "countertop": "counter", "goes": "~go", "belongs": "~go",
    ]

    /// Where a thing is, said of the thing: "the moka pot on the right", "the can at
    /// the back", "the bowl closest to you" → an ordinal word the grounder orders by.
    static let positions: [(String, String)] = [
        (" furthest to the right ", " rightmost "), (" furthest to the left ", " leftmost "), (" farthest to the right ", " rightmost "),
        (" farthest to the left ", " leftmost "), (" furthest right ", " rightmost "), (" furthest left ", " leftmost "),
        (" far right ", " rightmost "), (" far left ", " leftmost "), (" most to the right ", " rightmost "), (" most to the left ", " leftmost "),
        (" closest to you ", " frontmost "), (" nearest to you ", " frontmost "), (" nearest you ", " frontmost "), (" closer to you ", " frontmost "),
        (" closest to the robot ", " frontmost "), (" near you ", " frontmost "), (" next to you ", " frontmost "), (" in front of you ", " frontmost "),
        (" furthest from you ", " backmost "), (" farthest from you ", " backmost "), (" furthest away ", " backmost "),
        (" farthest away ", " backmost "), (" further away ", " backmost "), (" further from you ", " backmost "), (" far from you ", " backmost "),
        (" at the back ", " backmost "), (" in the back ", " backmost "), (" at the far end ", " backmost "), (" in the middle ", " middle "),
        (" in the center ", " middle "), (" from the middle ", " middle "), (" , left to right ", " from the left arm to the right arm "),
        (" , right to left ", " from the right arm to the left arm "), (" from left to right ", " from the left arm to the right arm "),
        (" from right to left ", " from the right arm to the left arm "), (" do a handover of ", " hand over "), (" a handover of ", " "), (" in the centre ", " middle "), (" at the front ", " frontmost "), (" in the front ", " frontmost "),
        (" near the left arm ", " on the left "), (" near the right arm ", " on the right "), (" next to the left arm ", " on the left "),
        (" next to the right arm ", " on the right "), (" on the left side ", " on the left "), (" on the right side ", " on the right "),
        (" on the left hand side ", " on the left "), (" on the right hand side ", " on the right "),
    ]

    /// Words of the grammar, the targets of typo correction next to the scene's words.
    static let grammarWords: Set<String> = {
        var s = Set<String>()
        for v in InstructionParser.pickVerbs + InstructionParser.placeVerbs + InstructionParser.handVerbs + InstructionParser.navVerbs + InstructionParser.traceVerbs {
            v.split(separator: " ").forEach { s.insert(String($0)) }
        }
        ["onto", "into", "inside", "between", "behind", "front", "left", "right", "next", "near", "then", "after", "basket", "plate", "bowl",
         "both", "first", "second", "third", "leftmost", "rightmost", "middle", "other", "arm", "hand", "gripper", "table", "room",
         "until", "through", "past", "toward", "towards", "frontmost", "backmost", "middle"].forEach { s.insert($0) }
        return s
    }()

    /// Ordinary English words that are never typos of a scene word.
    static let known: Set<String> = {
        var s = grammarWords
        """
        the a an and or of to in on at by for from with into onto off out up down over under above below it its them they that this these those
        there here then than when where which who what while once after before until during again also just only very really some any each every
        all both either neither other another same such own more most less least much many few one two three four five six seven eight nine ten
        please could would should will shall can may might must need want like love thanks thank kindly make sure try going get got give take
        you your yours me my mine we our us he she his her him i am is are was were be been being do does did done have has had having
        not no yes okay sorry hello hey hi now still already soon later first second third last next final finally top bottom side sides middle
        centre center edge corner front back behind beside near far close closer closest nearest farthest furthest left right leftmost rightmost
        small big large little tall short long wide narrow empty full open closed clean dirty new old round flat square circle line path way
        around along across through past toward towards away forward backward backwards straight turn turning stop start starting end ending
        hand hands arm arms gripper grippers robot table floor wall room rooms door doors kitchen bedroom bathroom hallway living dining
        bring carry move put place set drop lay stack pick grab lift hold raise lower go walk head drive navigate leave exit enter pass cross
        reach approach find wait come travel trace follow draw sweep outline circle keep slowly quickly carefully gently meters metres
        centimeters centimetres millimeters degrees seconds radius diameter across loop figure eight triangle counterclockwise clockwise
        anticlockwise seen from above starting going while each time thing things stuff object objects item items piece pieces something
        yellow white black red green blue orange purple pink brown gray grey cyan colored coloured there where whatever mind appreciate
        could able well good great nice cool sure alright fine also lastly afterwards afterward eventually meanwhile done finish finished
        inside outside between onto upon toward within without about against among beneath beyond alongside adjacent located sitting resting
        lying standing placed sits rests stands container containers box boxes bottle bottles block blocks cube cubes bowl bowls plate plates
        mug mugs cup cups can cans pot pots basket bin tray jar carton sauce soup cheese butter milk juice pudding dressing ketchup
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).forEach { s.insert(String($0)) }
        return s
    }()
}
