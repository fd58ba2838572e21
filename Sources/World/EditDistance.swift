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
