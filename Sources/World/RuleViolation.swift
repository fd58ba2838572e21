/// A world rule a model breaks, said in words: what a valid world needs and what it
/// has instead. Rules live in World (SceneRules, RobotRules) because they are about
/// what a world may be, whoever builds it; the file loaders only add where the
/// offending value sits (file, line, column, field) when they turn one into an error.
public struct RuleViolation: Error, Equatable, Sendable {
    /// What the rule needs, phrased to follow "expected".
    public var expected: String
    /// What was there instead; nil lets the reporter describe the offending value itself.
    public var found: String?
    public var hint: String?
    /// Narrows the report below the value that was checked: appended to its field
    /// path, e.g. `[3]` for one element of a list or `.channel` for one key.
    public var subfield: String?

    public init(expected: String, found: String? = nil, hint: String? = nil, subfield: String? = nil) {
        self.expected = expected; self.found = found; self.hint = hint; self.subfield = subfield
    }
}
