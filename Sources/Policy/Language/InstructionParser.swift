import Foundation

/// A noun phrase that names a thing: content words, an ordinal, and a relation
/// to other things ("the black bowl between the plate and the ramekin").
public struct Reference: Sendable, Equatable, CustomStringConvertible {
    public enum Relation: String, Sendable {
        case between, leftOf = "left of", rightOf = "right of", behind, inFrontOf = "in front of"
        case nearest = "next to", on, inside = "in"
    }
    public var words: [String]
    /// "both moka pots", "all the cans": every object that matches.
    public var plural = false
    public var ordinal: Int?
    public var relation: Relation?
    public var anchors: [Reference]
    /// "it" / "them": the object of the previous step.
    public var isPronoun: Bool { words == ["it"] || words == ["them"] }

    public var description: String {
        var s = (ordinal.map { "#\($0) " } ?? "") + words.joined(separator: " ")
        if let relation { s += " \(relation.rawValue) " + anchors.map(\.description).joined(separator: " and ") }
        return s
    }
}

/// One step of an instruction.
public enum Subtask: Sendable, Equatable {
    case pick(Reference, arm: String?)
    case place(Reference, on: Bool, target: Reference, arm: String?)
    /// Put it beside something: in front of, behind, left or right of, next to.
    case placeBeside(Reference, relation: Reference.Relation, anchor: Reference, arm: String?)
    case handover(Reference, to: String?)
    case navigate([Reference])
    case followPath
    /// Open or close a drawer or door, turn a knob or button on or off.
    case operate(Reference, PartAction)
}

/// What an instruction asks of an articulated part.
public enum PartAction: String, Sendable, Equatable {
    case open, close
    case turnOn = "turn on"
    case turnOff = "turn off"
}

/// A small grammar for instructions: pick / grab / lift, place / put / drop, stack,
/// hand over, go to / walk past / stop, follow or trace a path; sequences with
/// "then", "and", "after that".
public enum InstructionParser {
    static let pickVerbs = ["pick up", "pick", "grab", "lift", "take", "grasp", "get", "hold", "raise"]
    static let placeVerbs = ["put", "place", "drop", "move", "set", "stack", "bring", "carry", "transfer", "deliver", "lay", "load", "return", "relocate", "insert", "deposit", "stick",
                             "push", "slide", "shove", "nudge", "toss", "throw", "position", "rest", "pop", "shift", "fetch"]
    static let handVerbs = ["hand over", "hand it over", "hand", "give", "pass", "handover", "transfer it"]
    static let navVerbs = ["go", "walk", "head", "drive", "navigate", "stop", "leave", "exit", "enter", "pass", "turn", "continue", "proceed", "move to", "approach", "find", "wait", "come", "travel", "cross",
                           "wander", "roll", "make your way", "end up", "park", "visit", "reach", "halt", "finish", "get to", "go over"]
    static let traceVerbs = ["trace", "follow", "draw", "sweep", "outline", "circle"]
    static let stopWords: Set<String> = ["the", "a", "an", "up", "it", "of", "to", "with", "from", "that", "which", "is", "its", "your", "one", "please", "object", "thing", "and", "then",
                                          "down", "over", "there", "here", "away", "some", "any", "ones", "stuff", "item", "things", "objects",
                                          "me", "us", "too", "asap", "immediately", "instead", "myself", "as", "well", "this", "that", "those", "these"]

    /// Parses normalised text (InstructionNormalizer); `arms` tells "pass the sofa"
    /// (a one-arm or base robot drives past it) from "pass it to the right arm".
    public static func parse(_ instruction: String, arms: Int = 1) -> [Subtask] {
        var text = " " + instruction.lowercased()
            .replacingOccurrences(of: "’", with: "'")
            .components(separatedBy: CharacterSet(charactersIn: ".!?;:\"")).joined(separator: " ,") + " "
        // "onto" / "into" mark the destination outright; plain "on" / "in" may also
        // describe the object ("the apple in the bowl"), so they are kept apart.
        for (a, b) in [(" to the top of ", " onto "), (" on the top of ", " ontopof "), (" on top of ", " ontopof "), (" get out of ", " leave "),
                       (" get into ", " go into "), (" get to ", " go to "), (" inside ", " into "), (" in to ", " into "),
                       (" to the left of ", " left of "), (" to the right of ", " right of "), (" on the left of ", " left of "),
                       (" on the right of ", " right of "), (" next to ", " next to "), (" beside ", " next to "), (" near ", " next to "),
                       (" closest to ", " next to "), (" nearest to ", " next to "), (" nearest ", " next to "), (" behind ", " behind "),
                       (" in front of ", " infrontof "), (" after that ", " then "), (" afterwards ", " then "), (" and then ", " then "),
                       (", then ", " then "), (" followed by ", " then "), (" finally ", " then "), (" first ", " "), ("  ", " ")] {
            text = text.replacingOccurrences(of: a, with: b)
        }
        // Clauses: split at "then" and ",", and at "and" when a new verb follows.
        var clauses: [String] = []
        for part in text.components(separatedBy: " then ") {
            var current = ""
            let tokens = part.replacingOccurrences(of: ",", with: " , ").split(separator: " ").map(String.init)
            var i = 0
            while i < tokens.count {
                let t = tokens[i]
                if t == "," || (t == "and" && i + 1 < tokens.count && startsClause(tokens, i + 1)) {
                    if !current.trimmingCharacters(in: .whitespaces).isEmpty { clauses.append(current) }
                    current = ""
                } else {
                    current += (current.isEmpty ? "" : " ") + t
                }
                i += 1
            }
            if !current.trimmingCharacters(in: .whitespaces).isEmpty { clauses.append(current) }
        }
        var out: [Subtask] = []
        var navStops: [Reference] = []
        var lastObject: Reference?
        var lastArm: String?
        /// The part last opened or turned, and the place last put into: what a later "it" may mean.
        var lastPart: Reference?
        var lastPlaceTarget: Reference?
        /// Navigation so far, as one step, before a step of another kind.
        func flushNavigation() {
            if !navStops.isEmpty { out.append(.navigate(navStops)); navStops = [] }
        }
        for (index, clause) in clauses.enumerated() {
            var c = " " + clause.trimmingCharacters(in: CharacterSet(charactersIn: " ,")) + " "
            let nextMentionsIt = index + 1 < clauses.count && (" " + clauses[index + 1] + " ").contains(" it ")
            let leadsWithVerb = startsClause(c.split(separator: " ").map(String.init), 0)
            if !leadsWithVerb {
                let wasDriving = !navStops.isEmpty || arms == 0
                if ["onto", "ontopof", "into", "on", "in", "to", "inside", "over", "through", "past", "toward", "towards", "across", "down", "along", "up", "out"].contains(where: { c.hasPrefix(" \($0) ") }) {
                    // A verb left out after "then": "… then onto the plate", "… then into the kitchen".
                    c = (wasDriving ? " go" : " put it") + c
                } else if !wasDriving, !nextMentionsIt, splitAtPreposition(String(c.dropFirst())) != nil, !navVerbs.contains(where: { c.contains(" \($0) ") }) {
                    // A thing and its place without a verb: "red block into the left bowl".
                    c = " put" + c
                } else if case .place(_, let on, let target, let arm)? = out.last {
                    // "put the soup in the basket, then the sauce": the same place, another thing.
                    var ref = reference(c)
                    if ref.isPronoun, let lastObject { ref = lastObject }
                    out.append(.place(ref, on: on, target: target, arm: arm)); lastObject = ref
                    continue
                } else {
                    // A thing on its own ("the bowl behind the cookie box, put it on the plate"): what "it" will mean.
                    let ref = reference(c)
                    if !ref.words.isEmpty && !ref.isPronoun { lastObject = ref }
                    continue
                }
            }
            if let verb = traceVerbs.first(where: { c.hasPrefix(" \($0) ") || c.contains(" \($0) a ") || c.contains(" \($0) the ") }), !verb.isEmpty {
                out.append(.followPath); continue
            }
            if (c.contains(" drive a ") || c.contains(" drive in a ")) && !c.contains(" to ") { out.append(.followPath); continue }
            let arm = armMention(c)
            if arms > 0, let (action, rest) = operation(c) {
                var ref = reference(stripArms(rest))
                // "put the bowl in the drawer and close it": "it" is the drawer.
                if ref.isPronoun || ref.words.isEmpty, let r = lastPlaceTarget ?? lastPart ?? lastObject { ref = r }
                flushNavigation()
                out.append(.operate(ref, action))
                lastPart = ref
                continue
            }
            if let (objText, to) = handover(c, arms: arms) {
                var ref = reference(objText)
                if ref.isPronoun || ref.words.isEmpty || ref.words == ["arm"], let lastObject { ref = lastObject }
                flushNavigation()
                out.append(.handover(ref, to: to ?? (lastArm == "left" ? "right" : (lastArm == "right" ? "left" : nil))))
                lastObject = ref
                continue
            }
            var placeVerb = placeVerbs.first(where: { c.hasPrefix(" \($0) ") })
            // "take the mug to the counter", "lift the cube up onto the plate": a pick verb with a destination places.
            if placeVerb == nil, let v = pickVerbs.first(where: { c.hasPrefix(" \($0) ") }), hasDestination(String(c.dropFirst(v.count + 2))) {
                placeVerb = v
            }
            if let v = placeVerb {
                var body = String(c.dropFirst(v.count + 2))
                // "open the drawer and put the bowl inside (it)": into the part just opened.
                if let lastPart, [" into ", " in ", " in there ", " into it ", " in it "].contains(where: { (" " + body).hasSuffix($0) }) {
                    for tail in [" into it ", " in it ", " in there ", " into ", " in "] where (" " + body).hasSuffix(tail) {
                        body = String((" " + body).dropLast(tail.count)).trimmingCharacters(in: .whitespaces) + " into " + lastPart.words.joined(separator: " ") + " "
                        break
                    }
                }
                let besides: [(String, Reference.Relation)] = [(" infrontof ", .inFrontOf), (" behind ", .behind), (" left of ", .leftOf),
                                                                (" right of ", .rightOf), (" next to ", .nearest)]
                // "put the bowl next to the stove" places beside; in "put the bowl next to the
                // ramekin on the plate" the relation says which bowl.
                if let (marker, rel) = besides.first(where: { body.contains($0.0) }),
                   splitAtPreposition(String(body[..<body.range(of: marker)!.lowerBound])) == nil,
                   !hasDestination(String(body[body.range(of: marker)!.upperBound...]), plainOnIn: true) {
                    let parts = body.components(separatedBy: marker)
                    var ref = reference(parts[0])
                    if ref.isPronoun || ref.words.isEmpty, let lastObject { ref = lastObject }
                    if case .pick(let p, _)? = out.last, p == ref { out.removeLast() }
                    flushNavigation()
                    out.append(.placeBeside(ref, relation: rel, anchor: reference(parts.dropFirst().joined(separator: marker)), arm: arm))
                    lastObject = ref
                    continue
                }
                // "the red block in the left bowl and the blue block in the right bowl": two places.
                let pieces = splitConjunction(body)
                if pieces.count > 1, pieces.allSatisfy({ splitAtPreposition($0) != nil }) {
                    for piece in pieces {
                        let (o, prep, t) = splitAtPreposition(piece)!
                        var target = reference(t)
                        if target.isPronoun, let lastObject { target = lastObject }
                        out.append(.place(reference(o), on: prep != "in", target: target, arm: arm))
                        lastObject = reference(o)
                    }
                    continue
                }
                guard let (objText, prep, targetText) = splitAtPreposition(body) else {
                    var ref = reference(body)
                    if ref.isPronoun || ref.words.isEmpty, let lastObject { ref = lastObject }
                    if (" " + body + " ").contains(" down ") {
                        // "… drive to the counter and set it down (there)": on the place driven to.
                        if let stop = navStops.last { navStops.removeLast(); flushNavigation(); out.append(.place(ref, on: true, target: stop, arm: arm)) }
                        // Already put somewhere by the step before: nothing more to do.
                        continue
                    }
                    // "pick the bowl" with a place verb and no place: a pick.
                    flushNavigation()
                    out.append(.pick(ref, arm: arm)); lastObject = ref; continue
                }
                flushNavigation()
                var target = reference(targetText)
                // "… and put the red cube in it": "it" is the thing the step before moved;
                // "move the bowl in front of the plate onto it": the thing just named.
                if target.isPronoun, lastObject == nil, let lastPart {
                    // "turn on the stove and put the moka pot on it": the thing just operated.
                    target = lastPart
                }
                if target.isPronoun {
                    let object = reference(objText)
                    if let lastObject, lastObject != object, !object.isPronoun { target = lastObject }
                    else if let anchor = object.anchors.last { target = anchor }
                    else if let lastObject, !object.isPronoun || out.count > 1 { target = lastObject }
                }
                let objects = splitConjunction(objText)
                let bothOfOne = objects.count == 1 && (objText.contains("both ") || objText.contains("all "))
                for o in objects {
                    var ref = reference(o)
                    if bothOfOne { ref.plural = true }
                    if ref.isPronoun || ref.words.isEmpty, let lastObject { ref = lastObject }
                    // A preceding pick of the same object is folded into this place.
                    if case .pick(let p, let pickArm)? = out.last, p == ref || ref == lastObject { out.removeLast(); out.append(.place(p, on: prep != "in", target: target, arm: arm ?? pickArm)) }
                    else { out.append(.place(ref, on: prep != "in", target: target, arm: arm)) }
                    lastObject = ref
                    lastPlaceTarget = target
                }
                lastArm = arm ?? lastArm
                continue
            }
            if let v = pickVerbs.first(where: { c.hasPrefix(" \($0) ") }) {
                var ref = reference(stripArms(String(c.dropFirst(v.count + 2))))
                if ref.isPronoun || ref.words.isEmpty, let lastObject { ref = lastObject }
                flushNavigation()
                out.append(.pick(ref, arm: arm))
                lastObject = ref
                lastArm = arm ?? lastArm
                continue
            }
            if navVerbs.contains(where: { c.hasPrefix(" \($0) ") || c.contains(" \($0) ") }) {
                let leaving = c.hasPrefix(" leave ") || c.hasPrefix(" exit ") || c.contains(" out of ")
                if !leaving { navStops += places(in: c) }
                continue
            }
        }
        if !navStops.isEmpty { out.append(.navigate(navStops)) }
        return out
    }

    static func startsClause(_ tokens: [String], _ i: Int) -> Bool {
        guard i < tokens.count else { return false }
        let two = i + 1 < tokens.count ? tokens[i] + " " + tokens[i + 1] : tokens[i]
        let three = i + 2 < tokens.count ? two + " " + tokens[i + 2] : two
        let all = pickVerbs + placeVerbs + handVerbs + navVerbs + traceVerbs + operateVerbs
        return all.contains(tokens[i]) || all.contains(two) || all.contains(three)
    }

    static func armMention(_ c: String) -> String? {
        if c.contains("left arm") || c.contains("left hand") || c.contains("left gripper") { return "left" }
        if c.contains("right arm") || c.contains("right hand") || c.contains("right gripper") { return "right" }
        return nil
    }

    /// "X in/on Y" → (X, preposition, Y), at the first placing preposition not inside a relation.
    static func splitAtPreposition(_ body: String) -> (String, String, String)? {
        let tokens = body.split(separator: " ").map(String.init)
        // An explicit "onto" / "into" / "to" is the destination; the last one, as an
        // earlier one describes the thing ("the bowl on top of the box to the plate").
        let explicit = tokens.indices.filter { k in
            guard k > 0, k + 1 < tokens.count else { return false }
            if tokens[k] == "onto" || tokens[k] == "into" || tokens[k] == "ontopof" { return true }
            return tokens[k] == "to" && !["next", "left", "right", "of", "close", "closest", "nearest"].contains(tokens[k - 1])
                && !["the left", "the right"].contains(tokens[(k + 1)...].prefix(2).joined(separator: " "))
        }
        if let k = explicit.last {
            return (tokens[..<k].joined(separator: " "), tokens[k] == "into" ? "in" : "on", tokens[(k + 1)...].joined(separator: " "))
        }
        // Otherwise the first placing preposition ("the apple in the bowl on the counter"
        // reads as: the apple, into the bowl that is on the counter).
        var i = 0
        while i < tokens.count {
            let t = tokens[i]
            if t == "in" || t == "on" || t == "to" || t == "at" {
                let before = i > 0 ? tokens[i - 1] : ""
                if ["next", "left", "right", "of"].contains(before) { i += 1; continue }
                // "on the left/right" after an object is a relation ("the bowl on the left").
                let after = i + 2 < tokens.count ? tokens[i + 2] : ""
                if (t == "on" || t == "in") && ["left", "right"].contains(after) && i + 3 >= tokens.count { i += 1; continue }
                if t == "in" && ["left", "right"].contains(after) && i + 3 < tokens.count && ["hand", "arm", "gripper"].contains(tokens[i + 3]) { i += 1; continue }
                let obj = tokens[..<i].joined(separator: " ")
                let target = tokens[(i + 1)...].joined(separator: " ")
                if obj.isEmpty || target.isEmpty { i += 1; continue }
                return (obj, t == "in" ? "in" : "on", target)
            }
            i += 1
        }
        return nil
    }

    static let colours: Set<String> = ["red", "green", "blue", "yellow", "orange", "purple", "white", "black", "pink", "cyan", "gray", "grey", "brown"]

    static func splitConjunction(_ text: String) -> [String] {
        var t = (" " + text + " ").replacingOccurrences(of: " both ", with: " ").replacingOccurrences(of: " all ", with: " ")
        // "between the plate and the ramekin" names one place, not two things.
        if let b = t.range(of: " between "), let a = t.range(of: " and ", range: b.upperBound..<t.endIndex) {
            t.replaceSubrange(a, with: " & ")
        }
        var parts = t.components(separatedBy: " and ").map { $0.replacingOccurrences(of: " & ", with: " and ").trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        // "the yellow and white mug" is one mug of two colours, not two things.
        var k = 0
        while k + 1 < parts.count {
            let left = parts[k].split(separator: " ").map(String.init).filter { !stopWords.contains($0) }
            if left.count == 1, colours.contains(left[0]) {
                parts[k] = parts[k] + " " + parts[k + 1]
                parts.remove(at: k + 1)
            } else {
                k += 1
            }
        }
        return parts.isEmpty ? [text] : parts
    }

    /// Landmarks and rooms a navigation clause mentions, in order.
    static func places(in clause: String) -> [Reference] {
        var out: [Reference] = []
        let markers = [" to the ", " by the ", " past the ", " at the ", " next to the ", " near the ", " into the ", " in the ", " toward the ", " towards the ", " through the ", " reach the ", " find the ", " approach the ", " enter the ", " along the ", " beside the ", " in front of the ", " infrontof the ", " before the ", " until the ", " around the ",
                       " cross the ", " across the ", " down the ", " up the ", " via the ", " over to the ", " as far as the ",
                       " pass the ", " visit the ", " reach the ", " past ", " beyond the ", " out to the ", " up to the ", " right to the "]
        var rest = clause
        while true {
            let hits = markers.compactMap { m in rest.range(of: m).map { (m, $0) } }
            guard let first = hits.min(by: { $0.1.lowerBound < $1.1.lowerBound }) else { break }
            rest = String(rest[first.1.upperBound...])
            let words = rest.split(separator: " ").map(String.init)
            var phrase: [String] = []
            for w in words {
                if ["and", "then", ",", "to", "by", "past", "at", "into", "in", "through", "until", "stop", "wait", "walk", "go", "turn", "head", "on", "where", "so", "when", "before", "after", "toward", "towards", "near", "next", "beside"].contains(w) { break }
                phrase.append(w)
            }
            if !phrase.isEmpty { out.append(Reference(words: phrase.filter { !stopWords.contains($0) }, ordinal: nil, relation: nil, anchors: [])) }
        }
        return out
    }

    /// Ordinals and positions: 1… from the robot's left; -1 leftmost, -2 rightmost,
    /// -3 frontmost (closest to the robot), -4 backmost, -5 the middle one.
    static let ordinals: [String: Int] = ["first": 1, "second": 2, "third": 3, "fourth": 4, "leftmost": -1, "left-most": -1, "rightmost": -2,
                                          "right-most": -2, "frontmost": -3, "backmost": -4, "middle": -5, "center": -5, "centre": -5]

    /// A noun phrase with its relation and ordinal.
    public static func reference(_ phrase: String) -> Reference {
        var text = (" " + phrase.trimmingCharacters(in: CharacterSet(charactersIn: " ,")) + " ")
            .replacingOccurrences(of: " onto ", with: " on ").replacingOccurrences(of: " into ", with: " in ").replacingOccurrences(of: " ontopof ", with: " on ")
        let plural = text.contains(" both ") || text.contains(" all ") || text.contains(" every ")
        for a in [" with the left arm ", " with the right arm ", " using the left arm ", " using the right arm ", " with left arm ", " with right arm ",
                  " in the left hand ", " in the right hand ", " with the left hand ", " with the right hand "] {
            text = text.replacingOccurrences(of: a, with: " ")
        }
        // "the bottle from the counter" is the bottle on the counter; "the second from
        // the left" is an ordinal.
        if let r = text.range(of: " from ") {
            let tail = text[r.upperBound...]
            if tail.hasPrefix("the left") || tail.hasPrefix("the right") || tail.hasPrefix("left") || tail.hasPrefix("right") {
                text = String(text[..<r.lowerBound]) + " "
            } else {
                text.replaceSubrange(r, with: " on the ")
                text = text.replacingOccurrences(of: " on the the ", with: " on the ")
            }
        }
        var relation: Reference.Relation?
        var anchors: [Reference] = []
        let relations: [(String, Reference.Relation)] = [(" between ", .between), (" left of ", .leftOf), (" right of ", .rightOf),
                                                          (" behind ", .behind), (" infrontof ", .inFrontOf), (" next to ", .nearest),
                                                          (" on the ", .on), (" in the ", .inside)]
        for (marker, rel) in relations {
            guard let r = text.range(of: marker) else { continue }
            let head = String(text[..<r.lowerBound])
            let tail = String(text[r.upperBound...])
            // "the bowl on the left" is an ordinal-like position, not a support.
            if rel == .on || rel == .inside {
                let t = tail.trimmingCharacters(in: .whitespaces)
                if t == "left" || t == "right" || t.hasPrefix("left side") || t.hasPrefix("right side") {
                    var base = reference(head)
                    base.ordinal = t.hasPrefix("left") ? -1 : -2
                    return base
                }
            }
            relation = rel
            anchors = rel == .between ? splitConjunction(tail).map { reference($0) } : [reference((rel == .on || rel == .inside ? "the " : "") + tail)]
            text = head + " "
            break
        }
        var ordinal: Int?
        var words: [String] = []
        for w in text.split(separator: " ").map(String.init) {
            if let o = ordinals[w] { ordinal = o; continue }
            if w == "both" || w == "all" || w == "every" { continue }
            if w == "left" && relation == nil && words.isEmpty { ordinal = -1; continue }
            if w == "right" && relation == nil && words.isEmpty { ordinal = -2; continue }
            if stopWords.contains(w) && w != "it" { continue }
            words.append(w)
        }
        if words.count > 1 { words.removeAll { $0 == "it" } }
        return Reference(words: words, plural: plural, ordinal: ordinal, relation: relation, anchors: anchors)
    }
}
