import World

/// How a part's state reads in a word, for labels in the views and the inspector.
/// (Beside the drawing rather than in World: only the views need them.)
extension ArticulatedPart {
    /// "open", "closed", "ajar", "on" or "off": the last word of `stateText`.
    public func stateWord(_ value: Double) -> String {
        stateText(value).split(separator: " ").last.map(String.init) ?? ""
    }

    /// At rest: a drawer or door closed, a knob or button off.
    public func isAtRest(_ value: Double) -> Bool {
        switch kind {
        case .drawer, .door: return isClosed(value)
        case .knob, .button: return !isOpen(value)
        }
    }
}
