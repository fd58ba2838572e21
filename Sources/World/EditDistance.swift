/// Edit distance between two names, counting an insertion, a deletion, a substitution
/// or a swap of two neighbouring letters as one edit ("bwol" is one edit from "bowl",
/// as a typist slips): the one "did you mean ...?" helper for every message that
/// suggests a name (loaders, CLI, TUI commands) and for the instruction reader's
/// typo correction.
public func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var before = [Int](repeating: 0, count: b.count + 1)
    var prev = Array(0...b.count)
    for i in 1...a.count {
        var cur = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { cur[j] = min(cur[j], before[j - 2] + 1) }
        }
        before = prev
        prev = cur
    }
    return prev[b.count]
}

/// The known name a mistyped one most likely means, or nil: a name that contains it
/// or is contained in it ("panda" → franka_panda), else the closest by edit distance
/// when it is within a third of the name's length (at least 2).
public func suggestion(for name: String, among known: [String]) -> String? {
    let n = name.lowercased()
    guard !n.isEmpty else { return nil }
    if let part = known.filter({ $0.lowercased().contains(n) || n.contains($0.lowercased()) }).min(by: { $0.count < $1.count }) { return part }
    guard let near = known.min(by: { editDistance($0.lowercased(), n) < editDistance($1.lowercased(), n) }) else { return nil }
    return editDistance(near.lowercased(), n) <= max(2, n.count / 3) ? near : nil
}
