import Foundation
import World

/// Reads an embodiment prompt — ours or one a person wrote — back into the
/// convention it claims, sentence by sentence. Whatever it cannot read is
/// reported; whatever the prompt does not say is assumed (from the card when one
/// is given) and reported too.
public enum PromptParser {
    public struct Result: Sendable {
        public var claimed: ClaimedConvention
        /// Sentences that said nothing the parser understood.
        public var unread: [String]
        /// Fields the prompt never stated, and what was assumed for each.
        public var assumed: [String: String]
        /// Fields the prompt stated, for the linter.
        public var stated: Set<String>
        /// What the parser noticed about the layout as stated: unreadable slot
        /// names, a length that disagrees with the list.
        public var notes: [String] = []
    }

    /// Longest word and prompt the parser reads: no convention word is longer than
    /// 40 letters and real prompts are a few hundred characters, while a 20 KB word
    /// made the sentence rules quadratic (issue 15). Longer words read as "…".
    static let longestWord = 64, longestPrompt = 20_000

    static func bounded(_ prompt: String) -> String {
        let text = prompt.count > longestPrompt ? String(prompt.prefix(longestPrompt)) : prompt
        guard text.split(whereSeparator: \.isWhitespace).contains(where: { $0.count > longestWord }) else { return text }
        var out = ""
        var word = ""
        func flush() { out += word.count > longestWord ? "…" : word; word = "" }
        for ch in text {
            if ch.isWhitespace { flush(); out.append(ch) } else { word.append(ch) }
        }
        flush()
        return out
    }

    public static func parse(_ prompt: String, robot: RobotModel? = nil) -> Result {
        let prompt = bounded(prompt)
        var c = ClaimedConvention()
        var stated = Set<String>()
        var unread: [String] = []
        var notes: [String] = []
        var layout = LayoutStatement()
        var gripperFacts: [GripperFact] = []
        let card = robot?.actionLayout ?? []
        for sentence in sentences(prompt) {
            let s = ConventionSentence.normalise(sentence)
            var understood = ConventionSentence.read(s, sentence: sentence, into: &c, stated: &stated)
            let l = LayoutStatement.read(s, card: card)
            if !l.isEmpty {
                // The last statement of each kind wins, as a reader skimming the prompt would take it.
                if let d = l.dimension { layout.dimension = d; layout.dimensionOfList = l.dimensionOfList }
                if l.terms != nil || !l.unreadable.isEmpty { layout.terms = l.terms; layout.unreadable = l.unreadable; layout.prose = l.prose }
                layout.pads += l.pads
                stated.insert("layout"); understood = true
            }
            let facts = GripperStatement.read(s, positions: l.terms == nil)
            if !facts.isEmpty { gripperFacts += facts; understood = true }
            if !understood { unread.append(sentence) }
        }
        if !layout.unreadable.isEmpty {
            notes.append("could not read the slot name\(layout.unreadable.count == 1 ? "" : "s") \(layout.unreadable.map { "\"\($0)\"" }.joined(separator: ", ")): only the list's length (\(layout.dimension ?? 0)) was read")
        }
        infer(from: layout.terms ?? [], &c, stated: stated)
        let hinted = Set((layout.terms ?? []).compactMap(\.rotationHint).map(\.representation))
        if stated.contains("rotation"), let r = c.rotation, !hinted.isEmpty, !hinted.contains(r) {
            notes.append("the listed slots name a \(hinted.map(\.rawValue).sorted().joined(separator: "/")) rotation but a sentence says \(r.rawValue): read as \(r.rawValue)")
        }

        let truth = robot.map { ClaimedConvention(robot: $0) }
        let source = robot == nil ? "the usual VLA default" : "the card's value"
        var assumed = assume(&c, stated: stated, truth: truth, source: source)

        // The layout: listed slots, or the natural one fitted to a stated length; then the grippers in it.
        let robotArms = robot?.arms.map(\.name) ?? (c.arms == 2 ? ["left", "right"] : ["main"])
        let holonomic = robot?.mobileBase?.isHolonomic ?? true
        let armNames = c.armNames(robotArms: robotArms)
        let facts = merge(gripperFacts, arms: armNames)
        let wanted = armNames.filter { arm in
            truth.map { t in t.grippers.contains { $0.arm == arm } || (!(robot?.arms.map(\.name).contains(arm) ?? false) && !t.grippers.isEmpty) }
                ?? !gripperFacts.isEmpty
        }
        var natural = c
        natural.grippers = wanted.map { GripperChannel(arm: $0, channel: -1, open: 0, closed: 0) }
        let vocabulary = c.vocabulary(armNames: robotArms, holonomicBase: holonomic)
        let resolver = LayoutResolver(vocabulary: vocabulary, cardNames: truth?.layout(armNames: robotArms, holonomicBase: holonomic) ?? [])
        var listed: [String]?
        if let terms = layout.terms {
            listed = resolver.names(terms)
            if listed == nil {
                // Slots of another kind of action than the sentences describe: the sentences win, and the list's length goes with it.
                notes.append("the listed slots do not fit a \(c.mode!.rawValue) action as the sentences describe it: the list was not read")
                if layout.dimensionOfList { layout.dimension = nil }
            }
        }
        if let d = layout.dimension, let n = listed?.count, d != n {
            if layout.prose {
                // A list in prose may leave parts out ("end-effector deltas, then the gripper"): the stated length wins.
                notes.append("the prompt says \(d) numbers but the parts it lists come to \(n): read as \(d) numbers in the usual order")
                listed = nil
            } else {
                notes.append("the prompt says \(d) numbers but its listed slots come to \(n): read as the \(n) listed")
            }
        }
        let gripperName = Dictionary(uniqueKeysWithValues: vocabulary.arms.map { ($0.name, $0.gripper) })
        let refs = Dictionary(facts.compactMap { arm, f in f.ref.map { (gripperName[arm] ?? "gripper", $0) } }, uniquingKeysWith: { a, _ in a })
        let naturalLayout = natural.layout(armNames: robotArms, holonomicBase: holonomic)
        let resolved = resolver.slots(listed: listed, dimension: listed == nil ? layout.dimension : nil,
                                      pads: layout.pads, grippers: refs, natural: naturalLayout)
        c.slots = resolved.slots
        notes += resolved.notes
        if let slots = c.slots, c.mode!.isJoint {
            // Listed joints are what is sent: "six joints" beside five listed names is a contradiction, not a sixth number.
            let listed = vocabulary.arms.map { arm in (arm.joints.lastIndex { slots.contains($0) } ?? -1) + 1 }.max() ?? 0
            if listed > 0, listed != c.jointsPerArm {
                if stated.contains("joints") { notes.append("the prompt says \(c.jointsPerArm ?? 0) joints per arm but lists \(listed): read as the \(listed) listed") }
                c.jointsPerArm = listed   // the listed names are joint1…joint<listed>, so the slots stay as they are
            }
        }

        c.grippers = grippers(arms: armNames, wanted: wanted, facts: facts, slots: c.slots, naturalLayout: naturalLayout,
                              gripperName: gripperName, truth: truth, source: source, assumed: &assumed)
        if c.slots != nil || facts.values.contains(where: { $0.ref != nil }) { stated.insert("gripper_channel") }
        if facts.values.contains(where: { $0.open != nil || $0.closed != nil }) { stated.insert("gripper_sign") }
        return Result(claimed: c, unread: unread, assumed: assumed, stated: stated, notes: notes)
    }

    /// What the prompt leaves unsaid: the card's value when there is a card, else
    /// common VLA practice; each assumption named for the linter's info findings.
    static func assume(_ c: inout ClaimedConvention, stated: Set<String>, truth: ClaimedConvention?, source: String) -> [String: String] {
        var assumed: [String: String] = [:]
        if c.frequencyHz == nil { c.frequencyHz = truth?.frequencyHz ?? 10; assumed["frequency_hz"] = "\(c.frequencyHz!) Hz (\(source))" }
        if c.chunk == nil { c.chunk = truth?.chunk ?? 16; assumed["chunk"] = "\(c.chunk!) (\(source))" }
        if !stated.contains("arms") { c.arms = truth?.arms ?? 1; c.mobileBase = truth?.mobileBase ?? false; c.waist = truth?.waist ?? false; assumed["arms"] = "\(c.arms) (\(source))" }
        if c.mode == nil { c.mode = truth?.mode ?? .eeDelta; assumed["mode"] = "\(c.mode!.rawValue) (\(source))" }
        if c.mode!.isBase == false && c.baseMode == nil && c.mobileBase {
            // A base the prompt claims but does not describe: the card's base mode, or waypoints as Qwen-VLA's navigation.
            c.baseMode = truth?.baseMode ?? .baseWaypoint; assumed["base_mode"] = "\(c.baseMode!.rawValue) (\(truth?.baseMode == nil ? "the usual VLA default" : source))"
        }
        if c.mode!.isEndEffector {
            if c.frame == nil { c.frame = truth?.frame ?? .base; assumed["frame"] = "\(c.frame!.rawValue) (\(source))" }
            if c.rotation == nil { c.rotation = truth?.rotation ?? .axisAngle; assumed["rotation"] = "\(c.rotation!.rawValue) (\(source))" }
        }
        if c.mode!.isJoint && c.jointsPerArm == nil { c.jointsPerArm = truth?.jointsPerArm; assumed["joints"] = "\(c.jointsPerArm ?? 0) per arm (\(source))" }
        if !stated.contains("units_translation") && (c.mode!.isEndEffector || c.mode! == .baseWaypoint) { assumed["units_translation"] = "metres" }
        if !stated.contains("units_rotation") { assumed["units_rotation"] = "radians" }
        if c.maxTranslation == nil { c.maxTranslation = truth?.maxTranslation }
        if c.maxRotation == nil { c.maxRotation = truth?.maxRotation }
        return assumed
    }

    /// Each claimed gripper: its channel (its place among stated slots, a stated
    /// position, or the card's), and its open / closed values as stated, half stated
    /// (the other one mirrored) or assumed.
    static func grippers(arms armNames: [String], wanted: [String], facts: [String: GripperFact], slots: [String]?, naturalLayout: [String],
                         gripperName: [String: String], truth: ClaimedConvention?, source: String, assumed: inout [String: String]) -> [GripperChannel] {
        var grippers: [GripperChannel] = []
        for arm in armNames {
            let fact = facts[arm]
            let t = truth?.grippers.first { $0.arm == arm }
            var g = GripperChannel(arm: arm, channel: 0, open: 0, closed: 0)
            if let slots {
                guard let i = slots.firstIndex(of: gripperName[arm] ?? "gripper") else { continue }
                g.channel = i
            } else {
                guard wanted.contains(arm) else { continue }
                if let ref = fact?.ref { g.channel = ref.resolve(length: naturalLayout.count) }
                else {
                    g.channel = t?.channel ?? naturalLayout.firstIndex(of: gripperName[arm] ?? "gripper") ?? max(0, naturalLayout.count - 1)
                    assumed["gripper_channel"] = "\(g.channel) (\(source))"
                }
            }
            switch (fact?.open, fact?.closed) {
            case let (o?, cl?): g.open = o; g.closed = cl
            case let (o?, nil): g.open = o; g.closed = o == 0 ? 1 : (o == 1 && (t?.closed ?? -1) == 0 ? 0 : -o); assumed["gripper_sign"] = "closed = \(g.closed) (only open was stated)"
            case let (nil, cl?): g.closed = cl; g.open = cl == 0 ? 1 : -cl; assumed["gripper_sign"] = "open = \(g.open) (only closed was stated)"
            case (nil, nil):
                g.open = t?.open ?? -1; g.closed = t?.closed ?? 1
                assumed["gripper_sign"] = "open \(g.open), closed \(g.closed) (\(source))"
            }
            grippers.append(g)
        }
        return grippers
    }

    /// What listed slots say about fields no sentence stated: the rotation form
    /// ("roll" → rpy, no rotation slots at all → none), the mode, the joints per
    /// arm, two arms, a base.
    static func infer(from terms: [SlotTerm], _ c: inout ClaimedConvention, stated: Set<String>) {
        guard !terms.isEmpty else { return }
        let kinds = terms.map(\.kind)
        // x, y AND z (or "the position") is an arm; "dx, dy" alone may be a base's waypoint.
        let cartesian = terms.contains { $0.kind == .translation && ($0.component == nil || $0.component == 2) }
        if c.mode == nil {
            if cartesian { c.mode = .eeDelta }
            else if kinds.contains(.joint) { c.mode = .jointPosition }
        }
        if !stated.contains("rotation"), cartesian, c.mode == nil || c.mode!.isEndEffector {
            let rotations = terms.filter { $0.kind == .rotation }
            let hints = rotations.compactMap(\.rotationHint)
            if hints.contains(.quaternion) || rotations.contains(where: { $0.count == 4 }) { c.rotation = .quaternion }
            else if hints.contains(.rpy) { c.rotation = .rpy }
            else if hints.contains(.axisAngle) { c.rotation = .axisAngle }
            else if rotations.isEmpty && kinds.contains(.translation) { c.rotation = RotationRepresentation.none }
        }
        if !stated.contains("arms") {
            let named = Set(terms.compactMap(\.arm))
            if named.count >= 2 || terms.filter({ $0.kind == .gripper }).count >= 2 || terms.contains(where: { $0.kind == .sameAs && $0.arm != nil }) { c.arms = 2 }
        }
        if c.mode?.isJoint == true, c.jointsPerArm == nil {
            let joints = terms.filter { $0.kind == .joint }
            if !joints.contains(where: { $0.component == nil && $0.count == nil }) {
                // Listed for one arm and repeated ("then the same for the right arm"), or listed for all.
                let total = joints.reduce(0) { $0 + ($1.component != nil ? 1 : ($1.count ?? 1)) }
                if total > 0 { c.jointsPerArm = kinds.contains(.sameAs) ? total : total / max(1, c.arms) }
            }
        }
        if kinds.contains(.base), c.baseMode == nil, c.mode?.isBase == false {
            c.baseMode = .baseVelocity
            c.mobileBase = true
        }
    }

    /// Gripper facts by arm: named ones to their arm ("left" / "right" to the
    /// first / second arm when the arms are named otherwise); unnamed positions to
    /// the arms in order; unnamed signs to every arm. The first statement wins.
    static func merge(_ facts: [GripperFact], arms: [String]) -> [String: GripperFact] {
        var out: [String: GripperFact] = [:]
        func add(_ f: GripperFact, to arm: String) {
            var g = out[arm] ?? GripperFact(arm: arm)
            g.ref = g.ref ?? f.ref; g.open = g.open ?? f.open; g.closed = g.closed ?? f.closed
            out[arm] = g
        }
        var nextUnnamed = 0
        for f in facts {
            if let name = f.arm {
                let arm = arms.contains(name) ? name : (name == "left" ? arms.first : (arms.count > 1 ? arms[1] : nil))
                if let arm { add(f, to: arm) }
            } else if arms.count == 1 {
                add(f, to: arms[0])
            } else {
                if f.ref != nil, nextUnnamed < arms.count { add(GripperFact(ref: f.ref), to: arms[nextUnnamed]); nextUnnamed += 1 }
                for arm in arms { add(GripperFact(open: f.open, closed: f.closed), to: arm) }
            }
        }
        return out
    }

    /// Sentences: split at . ; ! ? or line breaks, but not inside numbers (0.05).
    static func sentences(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        let chars = Array(text)
        for (i, ch) in chars.enumerated() {
            let next = i + 1 < chars.count ? chars[i + 1] : " "
            let prev = i > 0 ? chars[i - 1] : " "
            if ch == "\n" || ch == ";" || ch == "!" || ch == "?" || (ch == "." && !(prev.isNumber && next.isNumber)) {
                if ch != "\n" { current.append(ch) }
                let t = current.trimmingCharacters(in: .whitespaces)
                if !t.isEmpty && t != "." { out.append(t) }
                current = ""
            } else {
                current.append(ch)
            }
        }
        let t = current.trimmingCharacters(in: .whitespaces)
        if !t.isEmpty { out.append(t) }
        return out
    }
}
