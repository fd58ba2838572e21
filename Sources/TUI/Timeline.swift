import Spatial
import Render
import World

/// The actions over the episode, one band per action dimension: what the policy
/// commanded (cyan) against what the controller executed after clipping (magenta),
/// the rest of the current chunk ahead (dim), and the shown step marked.
func drawTimeline(_ f: inout Frame, _ r: Rect, _ s: AppState, _ session: Session) {
    f.box(r, style: Styles.border, title: "Actions over the episode", titleStyle: Styles.title, right: "a: inspector", rightStyle: Styles.dim)
    let inner = r.inset(1)
    let layout = session.model.robot.actionLayout
    guard inner.width > 12, inner.height > 2, !layout.isEmpty else { return }
    // Legend on the last row.
    var legend = Line(x: inner.x, y: inner.maxY - 1, width: inner.width)
    legend.add("━ commanded ", Style(fg: .cyan), into: &f)
    legend.add("━ executed ", Style(fg: .magenta), into: &f)
    legend.add("┄ ahead ", Style(fg: .ghost, .dim), into: &f)
    legend.add("│ now", Style(fg: .yellow), into: &f)

    let labelWidth = min(8, (layout.map(\.count).max() ?? 4) + 1)
    let plotWidth = inner.width - labelWidth
    let rowsAvailable = inner.height - 1
    let band = max(1, min(4, rowsAvailable / layout.count))
    let dims = min(layout.count, rowsAvailable / band)
    guard dims > 0 else { return }
    var canvas = Canvas(columns: plotWidth, rows: band * dims)

    // What is plotted: the executed steps, then the current chunk's remaining actions.
    let steps = session.steps
    var ahead: [[Double]] = []
    if let (c, next) = session.chunkAtCursor, session.chunks.indices.contains(c), session.isLive {
        ahead = Array(session.chunks[c].actions[min(next, session.chunks[c].actions.count)...])
    }
    let total = max(steps.count + ahead.count, 16)
    let px = Double(canvas.pixelWidth - 1)
    func x(_ k: Int) -> Double { Double(k) / Double(total - 1) * px }
    let cursorX = x(session.cursor)
    var scales: [Double] = []

    for d in 0..<dims {
        let top = Double(d * band * 4), height = Double(band * 4)
        let values = steps.flatMap { [$0.commanded[d], $0.executed[d]] } + ahead.map { $0[d] }
        let m = max(values.map(abs).max() ?? 0, 1e-9)
        scales.append(m)
        func y(_ v: Double) -> Double { top + height / 2 - v / m * (height / 2 - 0.6) }
        canvas.line(0, y(0), px, y(0), Style(fg: .darkGray, .dim), layer: 1, dash: 1)
        canvas.line(cursorX, top, cursorX, top + height - 1, Style(fg: .yellow), layer: 2)
        for k in 1..<max(1, steps.count) where steps.count > 1 {
            canvas.line(x(k - 1), y(steps[k - 1].executed[d]), x(k), y(steps[k].executed[d]), Style(fg: .magenta), layer: 3)
        }
        for k in 1..<max(1, steps.count) where steps.count > 1 {
            canvas.line(x(k - 1), y(steps[k - 1].commanded[d]), x(k), y(steps[k].commanded[d]), Style(fg: .cyan), layer: 4)
        }
        if steps.count == 1 {
            canvas.set(clampedInt(x(0), .towardZero), clampedInt(y(steps[0].executed[d]), .towardZero), Style(fg: .magenta), layer: 3)
            canvas.set(clampedInt(x(0), .towardZero), clampedInt(y(steps[0].commanded[d]), .towardZero), Style(fg: .cyan), layer: 4)
        }
        for (i, a) in ahead.enumerated() {
            let k = steps.count + i
            let prev = i == 0 ? (steps.last?.commanded[d] ?? a[d]) : ahead[i - 1][d]
            canvas.line(x(max(0, k - 1)), y(prev), x(k), y(a[d]), Style(fg: .ghost, .dim), layer: 2, dash: 1)
        }
        // The label and the value at the shown step.
        let label = fit(layout[d], labelWidth)
        f.put(label, x: inner.x, y: inner.y + d * band, style: Styles.label)
        if band >= 2 {
            let v = session.cursor < steps.count ? steps[session.cursor].commanded[d] : (ahead.first?[d] ?? steps.last?.commanded[d])
            if let v { f.put(fit(signed(v, digits: 2), labelWidth), x: inner.x, y: inner.y + d * band + 1, style: Styles.dim) }
        }
    }
    canvas.render(into: &f, x: inner.x + labelWidth, y: inner.y)
    // Each band's y scale: the band spans ±this value (its largest magnitude).
    for (d, m) in scales.enumerated() {
        let text = m < 1e-6 ? "0" : "±" + (m >= 10 ? String(format: "%.0f", m) : (m >= 0.1 ? String(format: "%.2f", m) : String(format: "%.3f", m)))
        f.put(text, x: inner.maxX - displayWidth(text), y: inner.y + d * band, style: Styles.dim)
    }
    if dims < layout.count {
        f.put("…\(layout.count - dims) more", x: inner.maxX - 8, y: inner.maxY - 2, style: Styles.dim)
    }
}
