import Foundation

/// Clauses that open, close or turn things: "open the top drawer", "shut it", "turn
/// the stove on", "switch off the burner", "pull the drawer open", "push it closed".
extension InstructionParser {
    /// Verbs that start such a clause (for splitting at "and").
    static let operateVerbs = ["open", "close", "shut", "switch", "pull", "power"]

    /// The action and the rest of the clause (the thing), or nil.
    static func operation(_ c: String) -> (PartAction, String)? {
        let leading: [(String, PartAction)] = [
            ("open up", .open), ("pull open", .open), ("pull out", .open), ("slide open", .open), ("open", .open),
            ("close up", .close), ("push closed", .close), ("push shut", .close), ("slide shut", .close), ("push in", .close),
            ("close", .close), ("shut", .close),
            ("turn on", .turnOn), ("switch on", .turnOn), ("power on", .turnOn), ("ignite", .turnOn),
            ("turn off", .turnOff), ("switch off", .turnOff), ("power off", .turnOff),
        ]
        for (verb, action) in leading where c.hasPrefix(" \(verb) ") {
            return (action, String(c.dropFirst(verb.count + 1)))
        }
        // The particle after the thing: "turn the stove on", "pull the drawer open", "push it closed".
        let verb = ["turn", "switch", "power", "pull", "push", "slide", "swing"].first { c.hasPrefix(" \($0) ") }
        guard let verb else { return nil }
        let body = String(c.dropFirst(verb.count + 1))
        let trailing: [(String, PartAction)] = [(" on ", .turnOn), (" off ", .turnOff), (" open ", .open), (" out ", .open),
                                                (" closed ", .close), (" shut ", .close), (" in ", .close)]
        for (word, action) in trailing where body.hasSuffix(word) {
            let turning = action == .turnOn || action == .turnOff
            // "turn on/off" words go with turn, switch, power; "open/closed" with pull, push, slide, swing.
            guard turning == ["turn", "switch", "power"].contains(verb) else { continue }
            // "push the plate in front of the stove" is not a closing.
            if word == " in " && body.contains(" in front ") { continue }
            return (action, String(body.dropLast(word.count)) + " ")
        }
        return nil
    }
}
