import Render
import World

/// The inspector's lines for articulated parts: one a part, its name and state
/// ("top_drawer     0.12 / 0.12 m open"), and "held" while a gripper has its handle.
/// Where a line each would leave fewer than `reserving` rows below (80×24), one
/// "parts" line names only those open, on or held. Returns the row after the last
/// line written; stops at `maxY`.
func drawPartLines(_ f: inout Frame, x: Int, y: Int, width: Int, maxY: Int, reserving: Int = 0,
                   _ model: WorldModel, _ state: WorldState) -> Int {
    let parts = model.scene.parts
    guard !parts.isEmpty, y < maxY else { return y }
    if maxY - y - reserving < parts.count {
        var line = Line(x: x, y: y, width: width)
        line.add(fit("parts", 9), Styles.label, into: &f)
        line.add(partSummary(parts, state), .plain, into: &f)
        return y + 1
    }
    var y = y
    // Names get the room they need up to 14 columns and a space, so the states line up.
    let nameWidth = min(14, parts.map(\.name.count).max() ?? 4) + 1
    for (i, part) in parts.enumerated() where y < maxY {
        let ps = i < state.parts.count ? state.parts[i] : PartState(value: part.start)
        let held = ps.heldBy != nil
        let full = part.stateText(ps.value)
        let heldWidth = held ? 5 : 0
        let text = displayWidth(full) <= width - nameWidth - heldWidth ? full : compactStateText(full)
        // Still too wide: the name gives way (down to 8 columns) before the state does.
        let column = max(8, min(nameWidth, width - displayWidth(text) - heldWidth))
        var line = Line(x: x, y: y, width: width)
        line.add(fit(part.name, column - 1) + " ", Styles.label, into: &f)
        line.add(text, partStyle(part, ps.value), into: &f)
        if held { line.add(" held", Style(fg: .cyan, .bold), into: &f) }
        y += 1
    }
    return y
}

/// The parts away from rest, by name ("top_drawer open, stove_knob on"), or how many
/// are all at rest.
func partSummary(_ parts: [ArticulatedPart], _ state: WorldState) -> String {
    var moved: [String] = []
    for (i, part) in parts.enumerated() {
        let ps = i < state.parts.count ? state.parts[i] : PartState(value: part.start)
        if !part.isAtRest(ps.value) || ps.heldBy != nil {
            moved.append("\(part.name) \(part.stateWord(ps.value))" + (ps.heldBy != nil ? " held" : ""))
        }
    }
    return moved.isEmpty ? "\(parts.count) closed or off" : moved.joined(separator: ", ")
}

/// "0.12 / 0.12 m open" → "0.12 m open": the travel's end is the first thing a
/// narrow pane can spare.
func compactStateText(_ text: String) -> String {
    var words = text.split(separator: " ").map(String.init)
    if let slash = words.firstIndex(of: "/"), slash + 1 < words.count { words.removeSubrange(slash...(slash + 1)) }
    return words.joined(separator: " ")
}

/// At rest reads plain; open or on stands out, as that is usually what a task asked for.
private func partStyle(_ part: ArticulatedPart, _ value: Double) -> Style {
    part.isOpen(value) ? Style(fg: .green) : (part.kind.isSwitch || part.kind == .knob || part.isClosed(value) ? .plain : Style(fg: .yellow))
}
