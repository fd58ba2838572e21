import World

extension YAMLValue {
    /// A world rule's violation (see World/SceneRules, World/RobotRules), located at this
    /// value: the rule says what is wrong, the loader says where.
    func error(_ violation: RuleViolation, field: String? = nil) -> AssetError {
        error(violation.expected, found: violation.found, hint: violation.hint,
              field: field ?? violation.subfield.map { path + $0 })
    }
}

/// Throws a rule's violation, if it has one, located at `value`.
func enforce(_ violation: RuleViolation?, at value: YAMLValue) throws {
    if let violation { throw value.error(violation) }
}
