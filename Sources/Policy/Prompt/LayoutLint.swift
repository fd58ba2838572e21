import World

/// The action layout a prompt claims against the card's, slot by slot: the
/// length, the gripper's slot, padding and order — each with what a model that
/// follows the prompt would do to the body.
enum LayoutLint {
    static func findings(_ parsed: PromptParser.Result, robot: RobotModel) -> [PromptLinter.Finding] {
        let c = parsed.claimed
        let truth = ClaimedConvention(robot: robot)
        let claimed = c.vector(for: robot)
        let card = truth.vector(for: robot)
        var f: [PromptLinter.Finding] = []
        func add(_ field: String, _ s: PromptLinter.Severity, _ m: String) { f.append(.init(field: field, severity: s, message: m)) }

        if claimed.count != card.count {
            var m = "the controller expects \(card.count) numbers per action [\(robot.actionLayout.joined(separator: ", "))]; "
                + "a model following this prompt sends \(claimed.count) [\(claimed.joined(separator: ", "))] and every action is refused"
            if claimed.count > card.count { m += " (a remote server's extra numbers are cut, as openpi's output transforms do, and the rest is misread)" }
            add("dimension", .error, m)
        }
        let pads = claimed.indices.filter { claimed[$0] == ClaimedConvention.pad }
        if let first = pads.first {
            let off = abs(claimed.count - card.count)
            let consequence = claimed.count != card.count
                ? "the action is \(off) number\(off == 1 ? "" : "s") off and refused"
                : "the controller reads \(pads.map { "index \($0) as \(robot.actionLayout[$0])" }.joined(separator: ", ")), which the model always sends as 0"
            let where_ = pads.count == 1 ? "a padding slot at index \(first)" : "\(pads.count) padding slots (indices \(first)…\(pads.last!))"
            add("padding", .error, "the prompt has \(where_) that \(robot.name)'s action does not have: \(consequence)")
        }
        if let order = orderProblem(claimed: claimed, card: card, claim: c, truth: truth, robot: robot) {
            add("slot_order", .error, order)
        }
        for note in parsed.notes { add("layout", .warning, note) }
        return f
    }

    /// The first position where the claim sends one arm or base number and the
    /// card reads another (grippers and padding are linted on their own; a wrong
    /// length is refused before order matters), or nil.
    static func orderProblem(claimed: [String], card: [String], claim: ClaimedConvention, truth: ClaimedConvention, robot: RobotModel) -> String? {
        guard claimed.count == card.count else { return nil }
        let arms = robot.arms.map(\.name)
        let holonomic = robot.mobileBase?.isHolonomic ?? true
        let mine = claim.vocabulary(armNames: arms, holonomicBase: holonomic), theirs = truth.vocabulary(armNames: arms, holonomicBase: holonomic)
        let claimedRoles = claimed.map { role($0, mine) }, cardRoles = card.map { role($0, theirs) }
        // Only comparable when the claim speaks of the same kinds of numbers (a mode error says the rest).
        guard Set(claimedRoles.compactMap { $0 }).isSubset(of: Set(cardRoles.compactMap { $0 })) else { return nil }
        guard let k = claimed.indices.first(where: { claimedRoles[$0] != nil && cardRoles[$0] != nil && claimedRoles[$0] != cardRoles[$0] }) else { return nil }
        let moves = cardRoles[k]!.kind == "b" ? "the base moves" : (cardRoles[k]!.kind == "j" ? "the joints move" : "the arm moves")
        return "the prompt orders the action [\(claimed.joined(separator: ", "))] but the controller reads [\(card.joined(separator: ", "))]: "
            + "what the model sends as \(claimed[k]) at index \(k) is read as \(card[k]), so \(moves) along the wrong axes"
    }

    /// A slot's role independent of naming (rx and roll are both "rotation 0"): arm, kind, index.
    struct Role: Hashable { var arm: Int; var kind: String; var index: Int }

    static func role(_ name: String, _ v: SlotVocabulary) -> Role? {
        for (a, arm) in v.arms.enumerated() {
            if let i = arm.translation.firstIndex(of: name) { return Role(arm: a, kind: "t", index: i) }
            if let i = arm.rotation.firstIndex(of: name) { return Role(arm: a, kind: "r", index: i) }
            if let i = arm.joints.firstIndex(of: name) { return Role(arm: a, kind: "j", index: i) }
        }
        if let i = v.base.firstIndex(of: name) { return Role(arm: -1, kind: "b", index: i) }
        return nil
    }
}
