import Episode
import Foundation
import Kinematics
import Policy
import Render
import Spatial
import World

// MARK: scene

/// What the scene view draws over the world for this state.
public func sceneOverlay(_ s: AppState, _ session: Session) -> SceneOverlay {
    let subjects = session.trace.first?.count ?? 0
    let upTo = min(session.cursor, session.trace.count - 1)
    let realised: [[Vec3]] = (0..<subjects).map { i in session.trace[0...upTo].map { $0[i] } }
    // The denoising view: the worm is the flow's chunk at the chosen step, from noise.
    var predicted = session.prediction.paths
    if let k = session.denoiseStep, session.denoising.indices.contains(k) {
        predicted = ChunkPreview.predict(session.model, from: session.state, actions: session.denoising[k][...]).paths
    }
    var overlay = SceneOverlay(predicted: predicted, marks: session.denoiseStep == nil ? session.prediction.marks : [],
                               ghost: session.ghost?.paths ?? [], realised: realised,
                               goals: EpisodeLogic.goalMarkers(session.model, session.state, session.task),
                               reference: session.task.referencePath)
    if session.denoiseStep == nil { overlay.samples = session.samplePaths }
    return overlay
}

func drawScene(_ f: inout Frame, _ r: Rect, _ s: AppState, _ session: Session) {
    let focused = s.focus == .scene
    let zoom = s.camera.zoom == 1 ? "" : String(format: "zoom %.1f×", s.camera.zoom)
    f.box(r, style: focused ? Styles.focusedBorder : Styles.border, title: "Scene · \(s.camera.view.title)",
          titleStyle: Styles.title, right: zoom, rightStyle: Styles.dim)
    let inner = r.inset(1)
    guard inner.width > 4, inner.height > 2 else { return }
    let legend = inner.height >= 10 && inner.width >= 40
    var canvas = Canvas(columns: inner.width, rows: inner.height - (legend ? 1 : 0))
    SceneRenderer.draw(session.model, session.state, camera: s.camera, overlay: sceneOverlay(s, session),
                       style: SceneStyle(labels: s.labels), bounds: session.bounds, on: &canvas)
    canvas.render(into: &f, x: inner.x, y: inner.y)

    // A banner on the top row: the outcome, or what the playground waits for.
    var banner: (String, Style)?
    if let o = session.outcome, session.isLive {
        banner = o.success ? (" ✓ SUCCESS · \(o.reason) · r reset · R new seed ", Style(fg: .black, bg: .green, .bold))
            : (" ✗ FAILURE · \(o.reason) · r reset · R new seed ", Style(fg: .white, bg: .red, .bold))
    } else if let refusal = session.refusal, session.judgedInstruction == currentInstruction(s) {
        banner = (" ✗ REFUSED · \(refusal) · i edits the instruction ", Style(fg: .white, bg: .red, .bold))
    } else if let k = session.denoiseStep, session.denoising.count > 1 {
        banner = (" denoising \(k)/\(session.denoising.count - 1): \(k == 0 ? "pure noise" : "after \(k) flow step\(k == 1 ? "" : "s")") · d next ", Style(fg: .black, bg: .cyan))
    } else if let problem = session.chunkRefusal, session.isLive, s.awaiting == nil {
        banner = (" ✗ chunk refused · \(problem) · Enter asks again ", Style(fg: .white, bg: .red, .bold))
    } else if s.awaiting != nil {
        banner = (" … asking \(session.policySpec) for a chunk ", Style(fg: .black, bg: .yellow))
    } else if let refusal = session.prediction.refusal {
        banner = (" ⚠ the predicted chunk would be refused: \(refusal) ", Style(fg: .white, bg: .red))
    } else if !session.isLive {
        banner = (" ◀ step \(session.cursor) of \(session.stepCount) · Space resumes here · G goes live ", Style(fg: .black, bg: .yellow))
    } else if session.chunks.isEmpty {
        banner = (" Enter predicts a chunk · Space steps · p plays ", Styles.dim)
    }
    if let (text, style) = banner {
        let w = min(displayWidth(text), inner.width)
        f.put(text, x: inner.x + (inner.width - w) / 2, y: inner.y, style: style, maxWidth: inner.width)
    }
    if legend {
        var line = Line(x: inner.x + 1, y: inner.maxY - 1, width: inner.width - 1)
        let items: [(String, Style, String)] = [
            ("━━", Style(fg: .trail(0), .bold), " predicted "), ("┄┄", Style(fg: .ghost, .dim), " previous "),
            ("━━", Style(fg: .magenta), " executed "), ("●", Style(fg: .red, .bold), " close "), ("○", Style(fg: .green, .bold), " open "),
            ("◌", Style(fg: .yellow, .bold), " goal"),
        ]
        for (sym, st, what) in items {
            if line.remaining < displayWidth(sym) + displayWidth(what) { break }
            line.add(sym, st, into: &f)
            line.add(what, Styles.dim, into: &f)
        }
    }
}

// MARK: event log

extension String {
    var trimmingTrailingSpaces: String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}

// MARK: inspector

func drawInspector(_ f: inout Frame, _ r: Rect, _ s: AppState, _ session: Session) {
    f.box(r, style: Styles.border, title: "Inspector", titleStyle: Styles.title)
    let inner = r.inset(1)
    guard inner.height > 0, inner.width > 10 else { return }
    var y = inner.y
    func room(_ n: Int = 1) -> Bool { y + n <= inner.maxY }
    let model = session.model
    let robot = model.robot
    let layout = robot.actionLayout
    let state = session.state

    // The chunk: header, heatmap (dimensions × actions), the next action's numbers.
    if let (c, next) = session.chunkAtCursor, session.chunks.indices.contains(c) {
        let chunk = session.chunks[c]
        var line = Line(x: inner.x, y: y, width: inner.width)
        line.add("Chunk \(c)", Styles.title, into: &f)
        line.add("  next \(next)/\(chunk.actions.count)  \(chunk.actions.count)×\(layout.count)", Styles.label, into: &f)
        if let ms = chunk.inferenceMs { line.add(String(format: "  %.0f ms", ms), Styles.dim, into: &f) }
        if chunk.done { line.add("  last", Styles.dim, into: &f) }
        y += 1
        let labelWidth = min(8, (layout.map(\.count).max() ?? 4) + 1)
        let available = inner.width - labelWidth
        let cellWidth = chunk.actions.count * 2 <= available ? 2 : 1
        let columns = min(chunk.actions.count, max(1, available / cellWidth))
        let first = max(0, min(next - columns / 2, chunk.actions.count - columns))
        let scales = layout.indices.map { d in channelScale(robot, layout[d], chunk.actions.map { abs($0[d]) }.max() ?? 0) }
        let shades: [UInt32] = [0x00B7, 0x2591, 0x2592, 0x2593, 0x2588]
        for d in layout.indices {
            guard room() else { break }
            f.put(layout.count > 8 ? channelLabels(layout, width: labelWidth - 1)[d] : fit(layout[d], labelWidth), x: inner.x, y: y, style: Styles.label)
            for k in 0..<columns {
                let a = first + k
                let v = chunk.actions[a][d]
                let q = min(4, clampedInt(abs(v) / scales[d] * 4))
                let level = v < 0 ? -q : q
                var st = Style(fg: .heat(level))
                if a < next { st.attributes.insert(.dim) }
                if a == next { st.attributes.insert(.bold) }
                for i in 0..<cellWidth { f.set(inner.x + labelWidth + k * cellWidth + i, y, shades[q], st) }
            }
            y += 1
        }
        if room(), next < chunk.actions.count, next >= first, next < first + columns {
            f.put("next", x: inner.x, y: y, style: Styles.dim)
            f.set(inner.x + labelWidth + (next - first) * cellWidth, y, 0x25B2, Styles.key)
            y += 1
        }
        // The next action as numbers.
        if next < chunk.actions.count {
            let a = chunk.actions[next]
            var cells: [String] = []
            let labels = channelLabels(layout, width: 6)
            for d in layout.indices { cells.append("\(labels[d]) \(signed(a[d]))") }
            y = drawColumns(&f, cells, x: inner.x, y: y, width: inner.width, maxY: inner.maxY, style: .plain)
        }
    } else {
        if room() {
            var line = Line(x: inner.x, y: y, width: inner.width)
            line.add(s.awaiting != nil ? "asking \(session.policySpec)…" : "No chunk yet: Enter asks \(session.policySpec)", Styles.dim, into: &f)
            y += 1
        }
    }
    // The last executed step: what clipping changed.
    if session.cursor > 0, room() {
        let info = session.steps[session.cursor - 1]
        let clipped = info.events.filter { $0.kind == .clipped || $0.kind == .ikUnreachable || $0.kind == .blocked }
        if let e = clipped.first {
            f.put(fit("last step \(e.kind.rawValue): \(e.message)", inner.width).trimmingTrailingSpaces, x: inner.x, y: y, style: Styles.warning)
            y += 1
        }
    }
    if room() { y += 1 }

    // Grippers, held objects, tool or base.
    for (a, arm) in robot.arms.enumerated() where room() {
        var line = Line(x: inner.x, y: y, width: inner.width)
        let prefix = robot.arms.count > 1 ? "\(arm.name) " : ""
        let g = a < state.gripper.count ? state.gripper[a] : 1
        line.add(fit(prefix + "gripper", 9), Styles.label, into: &f)
        line.add(bar(g, width: max(3, min(8, inner.width - 9 - 2 - 12))), Style(fg: isGripperOpen(g) ? .green : .orange), into: &f)
        line.add(String(format: " %.2f %@", g, isGripperOpen(g) ? "open" : "closed"), .plain, into: &f)
        y += 1
        if room() {
            let held = state.objects.indices.filter { state.objects[$0].heldBy == a }.map { model.objects[$0].name }
            var l2 = Line(x: inner.x, y: y, width: inner.width)
            l2.add(fit(prefix + "holding", 9), Styles.label, into: &f)
            l2.add(held.isEmpty ? "—" : held.joined(separator: ", "), held.isEmpty ? Styles.dim : Style(fg: .cyan, .bold), into: &f)
            y += 1
        }
        if room() {
            let t = model.toolPose(state, arm: a).translation
            var l3 = Line(x: inner.x, y: y, width: inner.width)
            l3.add(fit(prefix + "tool", 9), Styles.label, into: &f)
            l3.add(String(format: inner.width >= 32 ? "%.3f %.3f %.3f m" : "%.2f %.2f %.2f", t.x, t.y, t.z), .plain, into: &f)
            y += 1
        }
    }
    if robot.mobileBase != nil, room() {
        var line = Line(x: inner.x, y: y, width: inner.width)
        line.add(fit("base", 9), Styles.label, into: &f)
        line.add(String(format: "%.2f %.2f m  %.0f°", state.base.x, state.base.y, state.base.yaw * 180 / .pi), .plain, into: &f)
        y += 1
    }
    // The goal and its parts.
    if room() {
        let task = session.task
        let ok = GoalEvaluator.evaluate(task.goal, model, state)
        var line = Line(x: inner.x, y: y, width: inner.width)
        line.add(fit("goal", 9), Styles.label, into: &f)
        line.add(ok ? "✓ " : "✗ ", ok ? Styles.success : Style(fg: .gray), into: &f)
        line.add(task.goalText, .plain, into: &f)
        y += 1
    }
    // How a typed instruction was grounded ("bowl on cookie box → black_bowl_3").
    if let reading = session.reading, session.refusal == nil, !reading.groundingText.isEmpty, room() {
        var line = Line(x: inner.x, y: y, width: inner.width)
        line.add(fit("grounded", 9), Styles.label, into: &f)
        line.add(reading.groundingText, Styles.dim, into: &f)
        y += 1
    }
    // Drawers, doors, knobs and buttons: how open or on each is. They leave the joints
    // the rows of their compact form (a blank, the title, cells about 14 wide).
    let jointCount = robot.tree.movableJoints.count
    let jointRows = 2 + (jointCount + max(1, inner.width / 14) - 1) / max(1, inner.width / 14)
    y = drawPartLines(&f, x: inner.x, y: y, width: inner.width, maxY: inner.maxY, reserving: jointRows, model, state)
    if room(2) { y += 1 } else { return }

    // Joints against their limits.
    let tree = robot.tree
    let names = shortJointNames(tree.movableJoints.map { tree.joints[$0].name })
    let nameWidth = min(10, (names.map(\.count).max() ?? 2) + 1)
    let barWidth = max(6, inner.width - nameWidth - 8)
    if room() { f.put("Joints", x: inner.x, y: y, style: Styles.title); y += 1 }
    // Not enough rows for a bar each (80×24): every joint as a compact "name value"
    // cell, several to a row, so none is hidden.
    if inner.maxY - y < tree.movableJoints.count {
        let cells = tree.movableJoints.indices.map { k in "\(short(names[k], min(6, nameWidth))) \(signed(state.q[k], digits: 2))" }
        _ = drawColumns(&f, cells, x: inner.x, y: y, width: inner.width, maxY: inner.maxY, style: .plain)
        return
    }
    for (k, j) in tree.movableJoints.enumerated() {
        guard room() else {
            f.put("…", x: inner.maxX - 1, y: inner.maxY - 1, style: Styles.dim)
            break
        }
        let joint = tree.joints[j]
        let q = state.q[k]
        var line = Line(x: inner.x, y: y, width: inner.width)
        line.add(fit(names[k], nameWidth), Styles.label, into: &f)
        let span = joint.upper - joint.lower
        if span.isFinite && span > 0 {
            let t = (q - joint.lower) / span
            let near = t < 0.03 || t > 0.97
            let pos = min(barWidth - 1, max(0, clampedInt(t * Double(barWidth - 1))))
            var track = Array(repeating: "─", count: barWidth)
            track[0] = "├"; track[barWidth - 1] = "┤"
            line.add(String(track[..<pos].joined()), Styles.border, into: &f)
            line.add("●", near ? Styles.error : Style(fg: .cyan, .bold), into: &f)
            line.add(String(track[(pos + 1)...].joined()), Styles.border, into: &f)
            line.add(" " + signed(q, digits: 2), near ? Styles.error : .plain, into: &f)
        } else {
            line.add(String(repeating: "·", count: barWidth), Styles.border, into: &f)
            line.add(" " + signed(q, digits: 2), .plain, into: &f)
        }
        y += 1
    }
}

/// Joint names without the prefix they all share up to an underscore
/// ("panda_joint1" → "joint1"), so the bars get the room.
func shortJointNames(_ names: [String]) -> [String] {
    guard names.count > 1, var prefix = names.first else { return names }
    for n in names.dropFirst() { while !n.hasPrefix(prefix) { prefix.removeLast() } }
    guard let cut = prefix.lastIndex(of: "_") else { return names }
    let k = prefix.distance(from: prefix.startIndex, to: cut) + 1
    return names.map { String($0.dropFirst(k)) }
}

/// What a full-intensity heatmap cell means for a channel: the per-action limit
/// where the card states one (so a small delta looks small), else the chunk's largest.
func channelScale(_ robot: RobotModel, _ name: String, _ largest: Double) -> Double {
    let c = robot.control
    let base = name.split(separator: "_").last.map(String.init) ?? name
    var reference: Double?
    if c.mode.isEndEffector || c.baseMode != nil || c.mode.isBase {
        switch base {
        case "x", "y", "z": reference = c.mode == .eeDelta ? c.maxTranslation : nil
        case "rx", "ry", "rz", "roll", "pitch", "yaw": reference = c.mode == .eeDelta ? c.maxRotation : nil
        case "qw", "qx", "qy", "qz": reference = 1
        case "dx", "dy": reference = c.maxTranslation
        case "dyaw": reference = c.maxRotation
        default: break
        }
    }
    if base == "gripper" { reference = c.grippers.map { max(abs($0.open), abs($0.closed)) }.max() }
    if c.mode == .jointDelta, reference == nil, base != "gripper" { reference = c.maxJointStep }
    return max(reference ?? 0, largest, 1e-9)
}

/// Short cells laid out in as many columns as fit; returns the next free row.
func drawColumns(_ f: inout Frame, _ cells: [String], x: Int, y: Int, width: Int, maxY: Int, style: Style) -> Int {
    guard !cells.isEmpty else { return y }
    let cellWidth = (cells.map(displayWidth).max() ?? 1) + 2
    let perRow = max(1, width / cellWidth)
    var row = y
    for start in stride(from: 0, to: cells.count, by: perRow) {
        guard row < maxY else { break }
        for (i, c) in cells[start..<min(cells.count, start + perRow)].enumerated() {
            f.put(c, x: x + i * cellWidth, y: row, style: style, maxWidth: cellWidth)
        }
        row += 1
    }
    return row
}

func signed(_ v: Double, digits: Int = 3) -> String {
    let s = String(format: "%+.\(digits)f", v)
    return s == String(format: "%+.\(digits)f", -0.0) ? String(format: "%+.\(digits)f", 0.0) : s
}

/// Short labels for action channels that stay apart: a two-armed layout's
/// "left_waist" and "right_waist" become "L.wais" and "R.wais", not "left" twice.
func channelLabels(_ layout: [String], width: Int) -> [String] {
    layout.map { name in
        for (prefix, mark) in [("left_", "L."), ("right_", "R.")] where name.hasPrefix(prefix) {
            return (mark + short(String(name.dropFirst(prefix.count)), width - 2)).padding(toLength: width, withPad: " ", startingAt: 0)
        }
        return short(name, width).padding(toLength: width, withPad: " ", startingAt: 0)
    }
}

func short(_ s: String, _ n: Int) -> String {
    let w = displayWidth(s)
    if w >= n { return String(s.prefix(n)) }
    return s + String(repeating: " ", count: n - w)
}

/// A horizontal bar for a 0…1 value.
func bar(_ v: Double, width: Int) -> String {
    let filled = min(width, max(0, clampedInt(v * Double(width))))
    return "▕" + String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled) + "▏"
}

// MARK: prompt

func drawPrompt(_ f: inout Frame, _ r: Rect, _ s: AppState, _ session: Session) {
    let focused = s.focus == .prompt
    let findings = s.lintFindings
    let errors = findings.filter { $0.hasPrefix("error") }.count
    let warnings = findings.count - errors
    let summary: (String, Style) = findings.isEmpty ? ("lint ✓", Styles.success)
        : ("lint " + [errors > 0 ? "\(errors) ✗" : nil, warnings > 0 ? "\(warnings) ⚠" : nil].compactMap { $0 }.joined(separator: " "),
           errors > 0 ? Styles.error : Styles.warning)
    // The lint badge always shows: the title shortens first.
    let room = r.width - displayWidth(summary.0) - 8
    let title = ["Embodiment prompt" + (s.promptEdited ? " (edited)" : ""), "Prompt" + (s.promptEdited ? " (edited)" : ""), "Prompt" + (s.promptEdited ? "*" : "")]
        .first { displayWidth($0) <= room } ?? ""
    f.box(r, style: focused ? Styles.focusedBorder : Styles.border, title: title,
          titleStyle: Styles.title, right: summary.0, rightStyle: summary.1)
    let inner = r.inset(1)
    guard inner.height > 0, inner.width > 4 else { return }
    // Findings below the text, each wrapped, up to half the pane.
    var findingLines: [(String, Style)] = []
    for text in findings {
        let st = text.hasPrefix("error") ? Styles.error : (text.hasPrefix("warning") ? Styles.warning : Styles.dim)
        let chars = Array("▸ " + text)
        for (i, l) in Wrapped(chars, width: inner.width).lines.enumerated() {
            findingLines.append(((i == 0 ? "" : "") + String(chars[l]), st))
        }
    }
    let findingRows = min(findingLines.count, max(findings.isEmpty ? 0 : 1, inner.height / 2))
    let textRows = max(1, inner.height - findingRows - (findingRows > 0 ? 1 : 0))
    let wrapped = Wrapped(s.prompt.characters, width: max(1, inner.width - 1))
    let (cursorLine, cursorColumn) = wrapped.position(of: s.prompt.cursor)
    var top = min(max(0, s.promptScroll), max(0, wrapped.lines.count - textRows))
    if focused {
        if cursorLine < top { top = cursorLine }
        if cursorLine >= top + textRows { top = cursorLine - textRows + 1 }
    }
    let chars = s.prompt.characters
    for row in 0..<textRows {
        let n = top + row
        guard n < wrapped.lines.count else { break }
        f.put(String(chars[wrapped.lines[n]]), x: inner.x, y: inner.y + row, style: focused ? .plain : Style(fg: .white), maxWidth: inner.width)
    }
    if !focused && top + textRows < wrapped.lines.count {
        f.put("… e edits", x: inner.maxX - 9, y: inner.y + textRows - 1, style: Styles.dim)
    }
    if focused, cursorLine >= top, cursorLine < top + textRows {
        let cx = inner.x + min(cursorColumn, inner.width - 1), cy = inner.y + cursorLine - top
        let under = f[cx, cy]
        f.set(cx, cy, under.scalar, Style(fg: .black, bg: .white))
        f.cursor = Point(x: cx, y: cy)
    }
    if findingRows > 0 {
        let sepY = inner.y + textRows
        f.put(String(repeating: "┄", count: inner.width), x: inner.x, y: sepY, style: Styles.border)
        for (i, (text, st)) in findingLines.prefix(findingRows).enumerated() {
            f.put(text, x: inner.x, y: sepY + 1 + i, style: st, maxWidth: inner.width)
        }
        if findingLines.count > findingRows {
            f.put("…", x: inner.maxX - 1, y: inner.maxY - 1, style: Styles.dim)
        }
    }
}
