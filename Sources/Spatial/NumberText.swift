/// Numbers from outside (prompts, cards, servers) can be anything: `Int(x)` traps on
/// NaN and beyond ±9.2e18, so every conversion for display goes through these.

/// A number as text: a whole number without a decimal point, anything else (huge,
/// fractional, infinite, NaN) as Swift prints a Double.
public func numberText(_ v: Double) -> String {
    v.isFinite && v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
}

/// The nearest Int, clamped to ±1e15 (NaN → 0): never traps.
public func clampedInt(_ v: Double) -> Int {
    v.isNaN ? 0 : Int(max(-1e15, min(1e15, v.rounded())))
}

/// `clampedInt` after rounding by `rule`: `.down` for pixel cells, `.towardZero` where
/// `Int(x)` would truncate. Never traps.
public func clampedInt(_ v: Double, _ rule: FloatingPointRoundingRule) -> Int {
    clampedInt(v.rounded(rule))
}
