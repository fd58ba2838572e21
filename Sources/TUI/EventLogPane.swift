import Render

// MARK: events

func drawLog(_ f: inout Frame, _ r: Rect, _ s: AppState) {
    let scrolled = s.logScroll > 0 ? "↑ \(s.logScroll) newer below" : ""
    f.box(r, style: Styles.border, title: "Events", titleStyle: Styles.title, right: scrolled, rightStyle: Styles.dim)
    let inner = r.inset(1)
    guard inner.height > 0 else { return }
    let end = max(0, s.log.count - s.logScroll)
    // Newest at the bottom; an entry that does not fit one row wraps onto up to four
    // (errors, warnings and results are read whole), dim hints stay one row.
    let textWidth = max(8, inner.width - 5)
    var rows: [(prefix: String, text: String, style: Style)] = []
    var k = end - 1
    while k >= 0 && rows.count < inner.height {
        let entry = s.log[k]
        let style: Style
        switch entry.kind {
        case .info: style = Styles.info
        case .event: style = Styles.event
        case .warning: style = Styles.warning
        case .error: style = Styles.error
        case .success: style = Styles.success
        case .dim: style = Styles.dim
        }
        let text = entry.text + (entry.count > 1 ? " ×\(entry.count)" : "")
        let chars = Array(text)
        var pieces = Wrapped(chars, width: textWidth).lines.map { String(chars[$0]) }
        let limit = entry.kind == .dim ? 1 : 4
        if pieces.count > limit { pieces = Array(pieces.prefix(limit)); pieces[limit - 1] = fit(pieces[limit - 1], textWidth - 1) + "…" }
        let prefix = entry.step.map { String(format: "%4d ", $0) } ?? "   · "
        let block = pieces.enumerated().map { (i, piece) in (i == 0 ? prefix : "     ", piece.trimmingTrailingSpaces, style) }
        rows.insert(contentsOf: block, at: 0)
        k -= 1
    }
    if rows.count > inner.height { rows.removeFirst(rows.count - inner.height) }
    for (row, r) in rows.enumerated() {
        var line = Line(x: inner.x, y: inner.y + row, width: inner.width)
        line.add(r.prefix, Styles.dim, into: &f)
        line.add(fit(r.text, line.remaining).trimmingTrailingSpaces, r.style, into: &f)
    }
}
