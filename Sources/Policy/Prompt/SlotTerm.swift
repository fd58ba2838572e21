import Foundation
import World

/// One thing a stated layout names: a slot ("x", "roll", "joint3", "gripper",
/// "pad") or a group of them ("the rotation", "six joint positions", "the base").
/// Terms are read from words alone; `LayoutResolver` turns them into the claim's
/// slot names once the claim's mode, rotation and arms are known.
struct SlotTerm: Equatable {
    enum Kind: Equatable {
        case translation, rotation, joint, gripper, base, pad
        /// A channel named exactly as the card names it (`RobotModel.actionLayout[i]`).
        case card(Int)
        /// "then the same for the right arm": the previous arm's terms again.
        case sameAs
    }
    var kind: Kind
    /// Which one of its kind (x = 0, "pitch" = 1, "joint 3" = 2); nil for the whole group.
    var component: Int?
    /// How many a group holds, when said ("three rotation values", "2 pad slots").
    var count: Int?
    /// "left" / "right" when the words name an arm.
    var arm: String?
    /// The representation the words imply ("roll" → rpy, "qw" → quaternion).
    var rotationHint: RotationHint?

    enum RotationHint: Equatable {
        case axisAngle, rpy, quaternion
        var representation: RotationRepresentation {
            switch self {
            case .axisAngle: return .axisAngle
            case .rpy: return .rpy
            case .quaternion: return .quaternion
            }
        }
    }

    init(_ kind: Kind, component: Int? = nil, count: Int? = nil, arm: String? = nil, hint: RotationHint? = nil) {
        self.kind = kind; self.component = component; self.count = count; self.arm = arm; self.rotationHint = hint
    }
}

/// Words → slot terms. Single names first ("rx", "q3"), then group words
/// ("orientation"), in an order that keeps "joint positions" a joint group and
/// "gripper position" the gripper.
enum SlotWords {
    /// Phrases that name frames or the body, not slots: removed before spotting.
    static let notSlots = ["robot base frame", "base frame", "robot base", "base coordinates", "base pose", "relative to the base",
                           "mobile base", "tool frame", "gripper frame", "end-effector frame", "end effector frame", "hand frame",
                           "world frame", "wrist frame", "camera frame"]

    static let singles: [String: SlotTerm] = {
        var m: [String: SlotTerm] = [:]
        for (k, names) in [["x", "dx", "px", "δx", "Δx", "delta_x", "pos_x", "x_delta", "ee_x"], ["y", "dy", "py", "δy", "Δy", "delta_y", "pos_y", "y_delta", "ee_y"],
                           ["z", "dz", "pz", "δz", "Δz", "delta_z", "pos_z", "z_delta", "ee_z"]].enumerated() {
            for n in names { m[n] = SlotTerm(.translation, component: k) }
        }
        for (k, names) in [["rx", "drx", "ax", "wx", "rot_x", "rotx"], ["ry", "dry", "ay", "wy", "rot_y", "roty"], ["rz", "drz", "az", "wz", "rot_z", "rotz"]].enumerated() {
            for n in names { m[n] = SlotTerm(.rotation, component: k, hint: .axisAngle) }
        }
        for (k, names) in [["roll", "droll"], ["pitch", "dpitch"], ["yaw", "dyaw"]].enumerated() {
            for n in names { m[n] = SlotTerm(.rotation, component: k, hint: .rpy) }
        }
        for (k, n) in ["qw", "qx", "qy", "qz"].enumerated() { m[n] = SlotTerm(.rotation, component: k, hint: .quaternion) }
        for (k, names) in [["vx", "v"], ["vy"], ["omega", "vyaw", "dtheta", "yaw_rate"]].enumerated() {
            for n in names { m[n] = SlotTerm(.base, component: k) }
        }
        for n in ["gripper", "grip", "claw", "jaw", "fingers", "finger", "gripper_command", "gripper_cmd", "gripper_width", "gripper_position"] {
            m[n] = SlotTerm(.gripper)
        }
        for n in ["pad", "padding", "unused", "reserved", "spare", "ignored", "empty", "filler", "zero", "0"] {
            m[n] = SlotTerm(.pad)
        }
        return m
    }()

    /// The terms in one list item ("dx", "the rotation", "left arm joints (6)",
    /// "three for the axis-angle rotation change"); nil when nothing in it names a
    /// slot. In `prose`, a bare 0 is a value ("0 = closed"), not a padding slot; a
    /// `strict` item (one of a bracketed list) is read only when every word counts.
    static func terms(in item: String, card: [String], prose: Bool = false, strict: Bool = false) -> [SlotTerm]? {
        var text = item.trimmingCharacters(in: .whitespacesAndNewlines.union(.init(charactersIn: "`'\".()")))
        if text.isEmpty { return nil }
        // A card's own channel name ("shoulder_pan", "left_waist"), unless it is a generic one ("x", "gripper").
        let bare = text.replacingOccurrences(of: "left_", with: "").replacingOccurrences(of: "right_", with: "")
        if singles[bare] == nil, let i = card.firstIndex(of: text) ?? card.firstIndex(of: text.replacingOccurrences(of: " ", with: "_")) {
            return [SlotTerm(.card(i))]
        }
        for phrase in notSlots { text = text.replacingOccurrences(of: phrase, with: " ") }
        let arm = text.firstMatch(of: /\b(left|right)\b|^(left|right)_/).map { String($0.1 ?? $0.2 ?? "") }
        if text.firstMatch(of: /\b(same|likewise|repeat(?:ed)?|mirror(?:ed)?|again)\b/) != nil, arm != nil {
            return [SlotTerm(.sameAs, arm: arm)]
        }
        let count = text.firstMatch(of: /(?:^|[\s(])(\d+)(?:[\s)]|$)/).flatMap { Int($0.1) }
        // Group words, most specific first.
        let groups: [(Regex<Substring>, SlotTerm)] = [
            (/\b(?:pad|padding|padded|unused|reserved|spare|ignored|zeros?)\b/, SlotTerm(.pad)),
            (/grip|claw|jaw|finger/, SlotTerm(.gripper)),
            (/\bjoints?\b|joint (?:positions?|angles?|values?)|joint[ _]?\d/, SlotTerm(.joint)),
            (/\bbase\b|wheel|linear and angular|base velocit|waypoint/, SlotTerm(.base)),
            (/quaternion|\bquat\b/, SlotTerm(.rotation, hint: .quaternion)),
            (/roll[, \/]*pitch[, \/]*yaw|\brpy\b|euler/, SlotTerm(.rotation, hint: .rpy)),
            (/axis[- ]angle|rotation vector|rotvec|\brxyz\b|\brx[, ]*ry[, ]*rz\b/, SlotTerm(.rotation, hint: .axisAngle)),
            (/rotation|orientation|\brot\b|angular/, SlotTerm(.rotation)),
            (/position|translation|\bxyz\b|displacement|cartesian|location|\bx[, ]*y[, ]*z\b|\bdxyz\b|\bpos\b/, SlotTerm(.translation)),
        ]
        // Names ("dx", "x y z", "roll pitch yaw", "the end-effector displacement dx") win over group words around them.
        let words = text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "/" })
            .map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "()`'\".:")) }
        let content = words.filter { !$0.isEmpty && !filler.contains($0) && $0 != arm }
        let names = content.map(bareName).filter { w in
            (singles[w] != nil && !(prose && singles[w]?.kind == .pad && (w == "0" || w == "zero"))) || jointIndex(w) != nil
        }
        if !names.isEmpty, !strict || names.count == content.count {
            return names.map { w in
                var t = singles[w] ?? SlotTerm(.joint, component: jointIndex(w))
                t.arm = arm
                if t.kind == .pad, names.count == 1 { t.count = count }
                return t
            }
        }
        if !content.isEmpty, content.allSatisfy(isJointName) {
            return content.map { _ in SlotTerm(.joint, count: 1, arm: arm) }
        }
        if strict, !names.isEmpty { return nil }   // "x g": some names, and a word that is none
        for (pattern, term) in groups where text.firstMatch(of: pattern) != nil {
            var t = term
            t.arm = arm
            t.count = count
            if t.kind == .joint, let m = text.firstMatch(of: /joint[ _]?(\d+)/), let k = Int(m.1) { t.component = k - 1; t.count = nil }
            return [t]
        }
        return nil
    }

    /// A word without its arm prefix or a delta sign: "left_x" → "x", "Δx" → "x".
    static func bareName(_ w: String) -> String {
        var w = w
        for prefix in ["left_", "right_", "δ", "Δ", "delta_", "d_"] where w.hasPrefix(prefix) && w.count > prefix.count {
            let rest = String(w.dropFirst(prefix.count))
            if singles[rest] != nil || prefix.hasPrefix("left") || prefix.hasPrefix("right") { w = rest }
        }
        return w
    }

    /// "joint3", "j3", "q3", "theta3" (counted from 1) → 2.
    static func jointIndex(_ w: String) -> Int? {
        w.wholeMatch(of: /(?:joint|j|q|theta)_?(\d+)/).flatMap { Int($0.1) }.map { $0 - 1 }
    }

    /// Words that name an arm joint without a number (a card's own names are matched exactly before this).
    static func isJointName(_ w: String) -> Bool {
        w.firstMatch(of: /shoulder|elbow|wrist|waist|forearm|\bpan\b|\blift\b|\bflex\b/) != nil
    }

    /// Words that carry no slot: articles, sequence cues, verbs of lists, units.
    static let filler: Set<String> = ["the", "a", "an", "and", "then", "first", "next", "last", "finally", "final", "followed", "by", "after",
                                      "that", "comes", "come", "are", "is", "be", "for", "of", "values", "value", "numbers", "number",
                                      "entries", "entry", "elements", "element", "slots", "slot", "channels", "channel", "its", "their",
                                      "arm", "arm's", "delta", "deltas", "change", "changes", "command", "commands", "target", "targets",
                                      "one", "two", "three", "ones", "remaining", "rest", "in", "as", "with", "to", "at", "end", "start",
                                      "each", "action", "actions", "vector", "holds", "contains", "lists", "has", "gives", "all", "plus",
                                      "then:", "end-effector", "ee", "tool", "of:", "order", "order:", "layout", "layout:"]
}
