import Foundation
import Kinematics
import Policy
import Render
import Spatial
import World

/// Draws the whole screen for a state: a pure function, so snapshot tests can
/// compare its text and the backend only paints what it returns.
public func view(_ s: AppState, width: Int, height: Int) -> Frame {
    var f = Frame(width: width, height: height)
    let layout = Layout.compute(width: width, height: height, focus: s.focus)
    if layout.tooSmall {
        drawTooSmall(&f)
        return f
    }
    guard let session = s.session else {
        let msg = s.status.isEmpty ? "loading…" : s.status
        f.put(" vlaplay ", x: 0, y: 0, style: Styles.bar.with(.bold))
        f.fill(Rect(x: 9, y: 0, width: width - 9, height: 1), 0x20, Styles.bar)
        var y = height / 2 - 1
        for line in Wrapped(Array(msg), width: width - 4).lines {
            f.put(String(Array(msg)[line]), x: 2, y: y, style: Style(fg: .yellow))
            y += 1
        }
        f.put("q quits", x: 2, y: y + 1, style: Styles.dim)
        return f
    }
    drawStatus(&f, layout.status, s, session)
    drawScene(&f, layout.scene, s, session)
    drawLog(&f, layout.log, s)
    if s.showCamera { drawCamera(&f, layout.inspector, s, session) }
    else if s.timeline { drawTimeline(&f, layout.inspector, s, session) } else { drawInspector(&f, layout.inspector, s, session) }
    drawPrompt(&f, layout.prompt, s, session)
    drawInput(&f, layout.input, s)
    drawHints(&f, layout.hints, s)
    if s.showHelp { drawHelp(&f, scroll: s.helpScroll) }
    return f
}

/// Styles the view uses, in one place.
enum Styles {
    static let bar = Style(fg: .white, bg: .bar)
    static let dim = Style(fg: .gray, .dim)
    static let label = Style(fg: .gray)
    static let value = Style.plain
    static let border = Style(fg: .darkGray)
    static let focusedBorder = Style(fg: .cyan, .bold)
    static let title = Style(fg: .white, .bold)
    static let key = Style(fg: .cyan, .bold)
    static let error = Style(fg: .red, .bold)
    static let warning = Style(fg: .yellow)
    static let success = Style(fg: .green, .bold)
    static let info = Style(fg: .white)
    static let event = Style(fg: .cyan)
}

/// Writes styled pieces left to right, clipped to a width.
struct Line {
    var x: Int
    let y: Int
    let maxX: Int

    init(x: Int, y: Int, width: Int) { self.x = x; self.y = y; maxX = x + width }

    @discardableResult
    mutating func add(_ text: String, _ style: Style = .plain, into f: inout Frame) -> Int {
        guard x < maxX else { return 0 }
        let room = maxX - x
        let n = displayWidth(text) <= room ? f.put(text, x: x, y: y, style: style, maxWidth: room)
            : f.put(fit(text, room), x: x, y: y, style: style, maxWidth: room)   // cut with an ellipsis
        x += n
        return n
    }

    var remaining: Int { max(0, maxX - x) }
}

func drawTooSmall(_ f: inout Frame) {
    let lines = ["vlaplay: terminal too small", "\(f.width)×\(f.height); needs \(TUIDefaults.minWidth)×\(TUIDefaults.minHeight)",
                 "enlarge the window", "(q quits)"]
    let top = max(0, (f.height - lines.count) / 2)
    for (i, l) in lines.enumerated() {
        let w = displayWidth(l)
        f.put(l, x: max(0, (f.width - w) / 2), y: top + i, style: i == 0 ? Style(fg: .yellow, .bold) : .plain)
    }
}

// MARK: status bar

func drawStatus(_ f: inout Frame, _ r: Rect, _ s: AppState, _ session: Session) {
    f.fill(r, 0x20, Styles.bar)
    // Right end first (it must always show): the outcome, or what is going on.
    let right: (String, Style)
    if let o = session.outcome, session.isLive || o.step <= session.cursor {
        right = o.success ? (" ✓ SUCCESS ", Style(fg: .black, bg: .green, .bold)) : (" ✗ FAILURE ", Style(fg: .white, bg: .red, .bold))
    } else if s.awaiting != nil {
        right = (" … asking ", Style(fg: .black, bg: .yellow))
    } else if !session.isLive {
        right = (" history ", Style(fg: .black, bg: .yellow))
    } else if s.teaching != nil {
        right = (" TEACHING · T leaves ", Style(fg: .black, bg: .magenta, .bold))
    } else {
        right = (s.playing ? " running " : "", Styles.bar)
    }
    let rw = displayWidth(right.0)
    if rw > 0 { f.put(right.0, x: r.maxX - rw, y: r.y, style: right.1) }

    // Pieces by priority: when the bar is narrow the least useful go first.
    let model = session.model
    var pieces: [(String, Style, Int)] = [
        ("vlaplay", Styles.bar.with(.bold), 1),
        ("\(session.sceneName) #\(session.taskIndex)", Styles.bar.with(.bold), 6),
        (model.robot.name, Styles.bar, 4),
        (session.policySpec + (s.policyNote != nil ? "*" : ""), Styles.bar, 5),
        (s.connection?.label ?? "", Styles.bar.with(.bold), 5),
        ("step \(session.cursor)/\(session.task.maxSteps)" + (session.isLive ? "" : " ◀ \(session.stepCount)"), Styles.bar.with(.bold), 7),
    ]
    pieces.removeAll { $0.0.isEmpty }
    if let (c, next) = session.chunkAtCursor, session.chunks.indices.contains(c) {
        let chunk = session.chunks[c]
        pieces.append(("chunk \(c) · \(next)/\(chunk.actions.count)", Styles.bar, 3))
        // What an in-process model read and how long it took (remote ones show latency in their connection label).
        if let inputs = chunk.inputs {
            pieces.append(("sees " + inputs + (chunk.inferenceMs.map { String(format: " · %.0f ms", $0) } ?? ""), Styles.bar, 2))
        }
    } else {
        pieces.append(("no chunk", Styles.bar, 3))
    }
    let multiple = s.speed / max(s.controlHz, 1e-9)
    let times = multiple < 1 ? String(format: "×%g", multiple) : "×\(clampedInt(multiple))"
    let speed = times + " " + (s.speed < 1 ? String(format: "%.1f/s", s.speed) : "\(clampedInt(s.speed))/s")
    pieces.append((s.playing ? "▶ \(speed)" : "‖ \(speed)", Styles.bar.with(s.playing ? .bold : []), 6))
    pieces.append(("seed \(s.seed)", Styles.bar, 2))
    if let r = s.replan { pieces.append(("replan \(r)", Styles.bar, 2)) }
    let available = r.width - rw - 2
    func total(_ p: [(String, Style, Int)]) -> Int { p.reduce(0) { $0 + displayWidth($1.0) } + 3 * max(0, p.count - 1) + 1 }
    while total(pieces) > available, let worst = pieces.indices.min(by: { pieces[$0].2 < pieces[$1].2 || (pieces[$0].2 == pieces[$1].2 && $0 > $1) }) {
        pieces.remove(at: worst)
    }
    var line = Line(x: r.x + 1, y: r.y, width: r.width - rw - 2)
    for (i, (text, style, _)) in pieces.enumerated() {
        if i > 0 { line.add(" │ ", Styles.bar, into: &f) }
        line.add(text, style, into: &f)
    }
}

// MARK: input and hints

func drawInput(_ f: inout Frame, _ r: Rect, _ s: AppState) {
    if s.focus == .palette {
        f.put(":", x: r.x, y: r.y, style: Styles.key)
        drawField(&f, s.palette, x: r.x + 1, y: r.y, width: r.width - 1, focused: true)
        return
    }
    let focused = s.focus == .instruction
    let label = "Instruction ▸ "
    f.put(label, x: r.x, y: r.y, style: focused ? Styles.key : Styles.label)
    let w = displayWidth(label)
    if s.instruction.isEmpty && !focused {
        f.put(s.session?.sceneTask.instruction ?? "", x: r.x + w, y: r.y, style: Styles.dim, maxWidth: r.width - w)
    } else {
        drawField(&f, s.instruction, x: r.x + w, y: r.y, width: r.width - w, focused: focused)
    }
}

/// A one-line text field, scrolled so the cursor shows.
func drawField(_ f: inout Frame, _ b: TextBuffer, x: Int, y: Int, width: Int, focused: Bool) {
    guard width > 2 else { return }
    let chars = b.characters
    let start = b.selected || !focused ? 0 : max(0, b.cursor - (width - 2))
    let visible = String(chars[start..<min(chars.count, start + width - 1)])
    let style: Style = b.selected && focused ? Style(fg: .black, bg: .cyan) : .plain
    f.put(visible, x: x, y: y, style: style, maxWidth: width - 1)
    if focused {
        let cx = x + displayWidth(String(chars[start..<b.cursor]))
        if cx < x + width {
            let under = f[cx, y]
            f.set(cx, y, under.scalar == 0x20 || under.scalar == Cell.continuation ? 0x20 : under.scalar, Style(fg: .black, bg: .white))
            f.cursor = Point(x: cx, y: y)
        }
    }
}

func drawHints(_ f: inout Frame, _ r: Rect, _ s: AppState) {
    var line = Line(x: r.x, y: r.y, width: r.width)
    let pairs: [(String, String)]
    switch s.focus {
    case .scene:
        pairs = [("p", "play"), ("Space", "step"), ("i", "instruction"), ("e", "prompt"), (":", "command"), ("n", "re-predict"),
                 ("←/→", "scrub"), ("v", "view"), ("c", "camera"), ("+/-", "speed"), ("a", "timeline"),
                 ("hjkl", "orbit"), ("z/Z", "zoom")]
    case .instruction:
        line.add("editing ", Style(fg: .black, bg: .cyan), into: &f)
        pairs = [("Enter", "submits"), ("Esc", "leaves, undoes"), ("Tab", "prompt"), ("Ctrl-U", "clear"), ("Ctrl-W", "delete word"), ("Ctrl-C", "quit")]
    case .prompt:
        line.add("editing ", Style(fg: .black, bg: .cyan), into: &f)
        pairs = [("Enter", "done"), ("Esc", "leaves, undoes"), ("Ctrl-P", "re-predict"), ("Ctrl-R", "default prompt"), ("arrows", "move"), ("PgUp/PgDn", "scroll"), ("Ctrl-C", "quit")]
    case .palette:
        line.add("Tab", Styles.key, into: &f); line.add(" complete  ", Styles.dim, into: &f)
        line.add("Enter", Styles.key, into: &f); line.add(" run  ", Styles.dim, into: &f)
        line.add("Esc", Styles.key, into: &f); line.add(" cancel  ", Styles.dim, into: &f)
        if s.completions.isEmpty {
            line.add("scene robot policy task seed replan view speed save help quit", Styles.dim, into: &f)
        } else {
            line.add("│ ", Styles.dim, into: &f)
            line.add(s.completions.prefix(30).joined(separator: "  "), Style(fg: .cyan), into: &f)
        }
        return
    }
    // Keys that must never drop (help and quit) are placed first at the right end;
    // the rest fill the line in order of importance.
    let kept: [(String, String)] = s.focus == .scene ? [("?", "help"), ("q", "quit")] : []
    let keptWidth = kept.reduce(0) { $0 + displayWidth($1.0) + displayWidth($1.1) + 3 }
    var shown = 0
    for (k, what) in pairs where !kept.contains(where: { $0.0 == k }) {
        let w = displayWidth(k) + displayWidth(what) + 3
        if line.remaining - keptWidth < w { break }
        line.add(k, Styles.key, into: &f)
        line.add(" \(what)  ", Styles.dim, into: &f)
        shown += 1
    }
    for (k, what) in kept where line.remaining >= displayWidth(k) + displayWidth(what) + 1 {
        line.add(k, Styles.key, into: &f)
        line.add(" \(what)  ", Styles.dim, into: &f)
    }
}

// MARK: help

func drawHelp(_ f: inout Frame, scroll: Int = 0) {
    let keys: [(String, String)] = [
        ("Space", "execute one control step"), ("p", "play / pause"), ("+ / -", "play faster / slower"),
        ("n  Enter", "re-predict (the old prediction stays as a ghost)"),
        ("← → [ ]", "scrub back / forward one step"), ("{ }", "scrub ten steps"), ("g / G", "first step / live end"),
        ("", "Space or p on a past step resumes from there"),
        ("r / R", "reset / rerun with a new seed"),
        ("v  1 2 3", "view: cycle / top / side / 3D"), ("a", "actions over the episode / inspector"),
        ("h l", "orbit (rotate)"), ("j k  ↑ ↓", "tilt (3D) or pan"),
        ("H J K L", "pan"), ("z / Z", "zoom in / out"), ("0", "reset the camera"), ("t", "labels on / off"),
        ("T", "teaching: 1-9 joint, , . jog, x y u ±1 cm IK"), ("c", "camera: what the policy sees (next camera, then off)"),
        ("d", "denoising: step a flow policy's chunk from noise (minivla)"),
        ("i  /  Tab", "edit the instruction (Enter predicts, Esc undoes)"), ("e", "edit the embodiment prompt (lint runs live, Esc undoes)"),
        (":", "command palette"), ("PgUp PgDn", "scroll the event log"), ("?", "this help"), ("q  Ctrl-C", "quit"),
    ]
    let commands = Commands.help
    let width = min(f.width - 2, 118)
    let twoColumns = width - 2 >= 100
    // One column of rows (keys, a gap, commands) when narrow; two side by side when wide.
    var rows: [(String, String, Style)] = keys.map { ($0.0, $0.1, .plain) }
    if !twoColumns { rows.append(("", "", .plain)); rows += commands.map { ($0.0, $0.1, Styles.dim) } }
    let total = twoColumns ? max(keys.count, commands.count) : rows.count
    let height = min(f.height - 2, total + 2)
    let r = Rect(x: (f.width - width) / 2, y: (f.height - height) / 2, width: width, height: height)
    let inner = r.inset(1)
    let overflow = max(0, total - inner.height)
    let top = min(max(0, scroll), overflow)
    f.fill(r, 0x20, .plain)
    f.box(r, style: Styles.focusedBorder, title: "vlaplay help", titleStyle: Styles.title,
          right: overflow > 0 ? "↑↓ scroll \(top + inner.height)/\(total) · other keys close" : "any key closes", rightStyle: Styles.dim)
    let keyColumn = twoColumns ? 62 : inner.width
    for i in 0..<inner.height where top + i < rows.count && (twoColumns ? top + i < keys.count : true) {
        let (k, what, style) = rows[top + i]
        var line = Line(x: inner.x + 1, y: inner.y + i, width: keyColumn - 2)
        line.add(fit(k, k.count > 11 ? 18 : 11), Styles.key, into: &f)
        line.add(what, style, into: &f)
    }
    if twoColumns {
        for i in 0..<inner.height where top + i < commands.count {
            let (c, what) = commands[top + i]
            var line = Line(x: inner.x + keyColumn, y: inner.y + i, width: inner.maxX - inner.x - keyColumn)
            line.add(fit(c, 18), Styles.key, into: &f)
            line.add(what, Styles.dim, into: &f)
        }
    }
}
