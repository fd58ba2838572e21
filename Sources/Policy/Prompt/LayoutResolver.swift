/// Turns what a prompt says about the action vector — listed slots, a length,
/// padding and gripper positions — into the claim's slots, once the claim's
/// mode, rotation and arms are known. The result is what a model that follows
/// the prompt sends, number by number; `ClaimedConvention.slots` carries it to
/// the codec, so the expert sends exactly that.
struct LayoutResolver {
    /// Every slot the claim can have (each claimed arm with a gripper).
    let vocabulary: SlotVocabulary
    /// The card's channels by the claim's names (`ClaimedConvention(robot:).layout`),
    /// for lists that use the card's own channel names.
    let cardNames: [String]

    /// Slot names for listed terms, or nil when a term names nothing the claim has.
    func names(_ terms: [SlotTerm]) -> [String]? {
        var out: [String] = []
        var used = Set<String>()
        var byArm: [Int: [SlotTerm]] = [:]
        var lastArm: Int?
        var absorbing: Int?   // the arm whose rotation names are being read as another representation
        let all = Set(vocabulary.arms.flatMap { $0.motion + [$0.gripper] } + vocabulary.base)

        func take(_ names: [String]) { out += names; used.formUnion(names) }
        func armOrder(_ t: SlotTerm) -> [Int] {
            guard let name = t.arm else { return Array(vocabulary.arms.indices) }
            if let i = vocabulary.arms.firstIndex(where: { $0.name == name }) { return [i] }
            let i = name == "left" ? 0 : 1   // left / right on arms named otherwise: in order
            return i < vocabulary.arms.count ? [i] : []
        }
        func note(_ t: SlotTerm, _ a: Int) {
            if lastArm != a { byArm[a] = [] }
            var u = t
            u.arm = nil
            byArm[a, default: []].append(u)
            lastArm = a
        }
        func place(_ t: SlotTerm) -> Bool {
            switch t.kind {
            case .pad:
                out += Array(repeating: ClaimedConvention.pad, count: max(1, t.count ?? 1)); return true
            case .card(let i):
                guard i < cardNames.count, all.contains(cardNames[i]), !used.contains(cardNames[i]) else { return false }
                if let a = vocabulary.arms.firstIndex(where: { $0.motion.contains(cardNames[i]) || $0.gripper == cardNames[i] }) { note(t, a) }
                take([cardNames[i]]); return true
            case .sameAs:
                if vocabulary.arms.count < 2 { return true }   // "each arm" of a one-arm claim: nothing to repeat
                // "the same for the right arm", or for the next arm when none is named ("each arm sends …").
                guard let from = lastArm, let target = t.arm == nil ? from + 1 : armOrder(t).first, target != from else { return false }
                guard target < vocabulary.arms.count else { return true }
                for var u in byArm[from] ?? [] {
                    u.arm = vocabulary.arms[target].name
                    guard place(u) else { return false }
                }
                return true
            case .base:
                let names = t.component.map { $0 < vocabulary.base.count ? [vocabulary.base[$0]] : [] } ?? vocabulary.base
                guard !names.isEmpty, names.allSatisfy({ !used.contains($0) }) else { return false }
                take(names); return true
            case .translation, .rotation, .joint, .gripper:
                for a in armOrder(t) {
                    let arm = vocabulary.arms[a]
                    let group: [String]
                    switch t.kind {
                    case .translation: group = arm.translation
                    case .rotation: group = arm.rotation
                    case .joint: group = arm.joints
                    default: group = [arm.gripper]
                    }
                    let free = group.filter { !used.contains($0) }
                    var chosen: [String]
                    if t.kind == .rotation, t.component != nil, let hint = t.rotationHint, !arm.rotation.isEmpty,
                       arm.rotation.map({ $0.hasPrefix("\(arm.name)_") ? String($0.dropFirst(arm.name.count + 1)) : $0 }) != SlotVocabulary.rotationNames(hint.representation) {
                        // "rx, ry, rz" where a sentence says quaternion: the names stand for the stated rotation, whole.
                        if free.count == group.count { take(group); note(t, a); absorbing = a; return true }
                        if absorbing == a { return true }
                        continue
                    }
                    absorbing = nil
                    if let k = t.component {
                        guard k < group.count, !used.contains(group[k]) else { continue }
                        chosen = [group[k]]
                    } else if t.kind == .joint, let n = t.count {
                        guard free.count >= n else { continue }
                        chosen = Array(free.prefix(n))
                    } else {
                        guard !free.isEmpty, free.count == group.count else { continue }
                        chosen = group
                    }
                    take(chosen); note(t, a); return true
                }
                // "dx", "dy" and "yaw" that no arm takes are the base's (a waypoint's, or "wz" beside "rz").
                if t.arm == nil, let k = t.component, !vocabulary.base.isEmpty {
                    let b = t.kind == .translation && k < 2 ? k : (t.kind == .rotation && k == 2 ? vocabulary.base.count - 1 : nil)
                    if let b, !used.contains(vocabulary.base[b]) { take([vocabulary.base[b]]); return true }
                }
                return false
            }
        }
        for t in terms { guard place(t) else { return nil } }
        return out
    }

    /// The claimed vector: `listed` slots when the prompt names them, else the
    /// natural layout fitted to a stated `dimension` (grippers dropped when the
    /// length leaves no room for them and no sentence places them, zero padding
    /// at the end when it is longer), with `pads` and gripper positions applied.
    /// A stated length is the prompt's word: a sentence that places a gripper
    /// outside it, or one the list leaves out, is a contradiction (`notes`), not a
    /// longer vector. Nil slots when nothing was stated about the vector as a whole.
    func slots(listed: [String]?, dimension: Int?, pads: [SlotRef], grippers: [String: SlotRef], natural: [String]) -> (slots: [String]?, notes: [String]) {
        var slots: [String]
        var notes: [String] = []
        if let listed {
            slots = listed
        } else if dimension != nil || !pads.isEmpty {
            let length = dimension ?? natural.count + pads.count
            var fill = natural
            // "6-D" where the natural layout has 6 numbers and a gripper: the gripper is left out.
            let withoutGrippers = fill.filter { !vocabulary.arms.map(\.gripper).contains($0) }
            if grippers.isEmpty, withoutGrippers.count + pads.count == length { fill = withoutGrippers }
            // Placed pads first, then the numbers in their natural order.
            slots = [String](repeating: ClaimedConvention.pad, count: max(length, 0))
            let padAt = Set(pads.map { $0.resolve(length: length) })
            let free = slots.indices.filter { !padAt.contains($0) }
            let kept = min(free.count, fill.count)
            for (p, name) in zip(free.prefix(kept), fill.prefix(kept)) { slots[p] = name }
            // A gripper the length cuts off goes where its sentence puts it, as the length allows.
            for name in grippers.keys where !slots.contains(name) && fill.contains(name) && kept < fill.count {
                if let last = slots.lastIndex(where: { $0 != name && $0 != ClaimedConvention.pad }) { slots[last] = name }
            }
        } else {
            return (nil, [])
        }
        // A sentence that places a gripper moves it there within the vector.
        for (name, ref) in grippers.sorted(by: { $0.key < $1.key }) {
            let to = ref.resolve(length: slots.count)
            guard let from = slots.firstIndex(of: name) else {
                notes.append("a sentence places \(name.replacingOccurrences(of: "_", with: " ")) at index \(to), but the stated \(slots.count)-number action has no slot for it")
                continue
            }
            guard to < slots.count else {
                notes.append("a sentence places \(name.replacingOccurrences(of: "_", with: " ")) at index \(to), outside the stated \(slots.count)-number action; read at index \(from)")
                continue
            }
            if from != to, listed != nil {
                notes.append("the listed slots put \(name.replacingOccurrences(of: "_", with: " ")) at index \(from) but a sentence says index \(to): read as index \(to), swapped with \(slots[to])")
            }
            slots.swapAt(from, to)
        }
        return (slots, notes)
    }
}
