import Foundation
import World

/// Grounding drawers, doors, knobs and buttons: "the top drawer", "the bottom drawer
/// of the cabinet", "the stove" (its knob, when the stove is to be turned on).
extension Grounder {
    /// Words that pick one of several parts by where it is.
    static let partOrdinals: [String: String] = [
        "upper": "top", "highest": "top", "uppermost": "top", "topmost": "top", "lower": "bottom", "lowest": "bottom",
        "bottommost": "bottom", "center": "middle", "centre": "middle", "second": "middle", "mid": "middle",
    ]
    /// Other words for a part's kind.
    static let partKinds: [String: String] = ["dial": "knob", "burner": "knob", "switch": "button", "hatch": "door", "lid": "door"]

    /// The part a phrase names, nil when it names none. A part is named by its kind
    /// or its name's last word ("drawer", "knob"); with `operable`, also by the fixture
    /// it is mounted in when that has one part ("turn on the stove").
    public func part(_ ref: Reference, operable: Bool) -> Result<Int, PolicyError>? {
        let parts = model.scene.parts
        guard !parts.isEmpty else { return nil }
        var words = ref.words.map { w -> String in
            let n = Grounder.normalize(w)
            return Grounder.partOrdinals[n] ?? Grounder.partKinds[n] ?? n
        }
        // "the middle drawer": the reader keeps "middle" as an ordinal.
        if ref.ordinal == -5 || ref.ordinal == 2 { words.append("middle") }
        func nameWords(_ k: Int) -> Set<String> { Set(parts[k].name.split(separator: "_").map(String.init)) }
        func mountWords(_ k: Int) -> Set<String> { Set((parts[k].mount ?? "").split(separator: "_").map(String.init)) }
        var found = parts.indices.filter { k in words.contains(parts[k].kind.rawValue) || words.contains(parts[k].name.split(separator: "_").last.map(String.init) ?? "") }
        // "in the microwave": the inside its door closes.
        if found.isEmpty && !operable {
            found = parts.indices.filter { k in parts[k].cavity != nil && !mountWords(k).isEmpty && mountWords(k).isSubset(of: Set(words)) }
        }
        if found.isEmpty && operable {
            found = parts.indices.filter { k in !mountWords(k).isDisjoint(with: words) || !nameWords(k).isDisjoint(with: words) }
        }
        guard !found.isEmpty else { return nil }
        // The other words choose: "top", "cabinet", "microwave".
        let scored = found.map { k in (k, words.filter { nameWords(k).contains($0) || mountWords(k).contains($0) || $0 == parts[k].kind.rawValue }.count) }
        let best = scored.map(\.1).max() ?? 0
        let chosen = scored.filter { $0.1 == best }.map(\.0)
        // A word that matches none of them (a "left" drawer where there is none) is not ignored.
        let unknown = words.filter { w in !chosen.contains { k in nameWords(k).contains(w) || mountWords(k).contains(w) || parts[k].kind.rawValue == w } }
            .filter { !["the", "a", "of", "on", "in", "it", "that", "this"].contains($0) }
        if chosen.count == 1 && unknown.isEmpty { return .success(chosen[0]) }
        if chosen.count == 1 {
            return .failure(PolicyError("I found no \(ref.words.joined(separator: " ")); the nearest is \(parts[chosen[0]].name)"))
        }
        return .failure(PolicyError("'\(ref.words.joined(separator: " "))' could be \(chosen.map { parts[$0].name }.joined(separator: " or ")): say which"))
    }
}
