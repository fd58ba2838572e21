import Spatial
import Render

/// Where each pane goes for a terminal size: a pure function of the size and the
/// focus (the prompt pane grows while it is edited).
///
///     status bar ─────────────────────────────────────────────
///     ┌ Scene ────────────────────────┐┌ Inspector ──────────┐
///     │                               ││ chunk, joints, …    │
///     │                               │└─────────────────────┘
///     └───────────────────────────────┘┌ Embodiment prompt ──┐
///     ┌ Events ───────────────────────┐│ text + lint         │
///     └───────────────────────────────┘└─────────────────────┘
///     Instruction ▸ …
///     key hints
public struct Layout: Equatable, Sendable {
    public var tooSmall: Bool
    public var status: Rect
    public var scene: Rect
    public var log: Rect
    public var inspector: Rect
    public var prompt: Rect
    public var input: Rect
    public var hints: Rect

    public static func compute(width w: Int, height h: Int, focus: Focus) -> Layout {
        let zero = Rect(x: 0, y: 0, width: 0, height: 0)
        guard w >= TUIDefaults.minWidth, h >= TUIDefaults.minHeight else {
            return Layout(tooSmall: true, status: zero, scene: zero, log: zero, inspector: zero, prompt: zero, input: zero, hints: zero)
        }
        let middleTop = 1
        let middleHeight = h - 3
        let rightWidth = min(max(clampedInt(Double(w) * 0.36, .towardZero), 30), 62)
        let leftWidth = w - rightWidth
        let logHeight = min(max(middleHeight / 5, 5), 12)
        let promptHeight = focus == .prompt ? max(8, middleHeight * 3 / 5) : min(max(middleHeight * 3 / 10, 6), 14)
        return Layout(
            tooSmall: false,
            status: Rect(x: 0, y: 0, width: w, height: 1),
            scene: Rect(x: 0, y: middleTop, width: leftWidth, height: middleHeight - logHeight),
            log: Rect(x: 0, y: middleTop + middleHeight - logHeight, width: leftWidth, height: logHeight),
            inspector: Rect(x: leftWidth, y: middleTop, width: rightWidth, height: middleHeight - promptHeight),
            prompt: Rect(x: leftWidth, y: middleTop + middleHeight - promptHeight, width: rightWidth, height: promptHeight),
            input: Rect(x: 0, y: h - 2, width: w, height: 1),
            hints: Rect(x: 0, y: h - 1, width: w, height: 1))
    }

    /// Columns the prompt text wraps at (one spare for the cursor at a line's end).
    public var promptTextWidth: Int { max(1, prompt.width - 3) }
}
