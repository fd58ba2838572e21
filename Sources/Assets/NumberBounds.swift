import Foundation
import Spatial

/// The range every number in a card, scene or URDF must lie in, checked once where
/// the loaders read it, so nothing downstream (kinematics, contacts, drawing, number
/// formatting) meets 1e300 or NaN. docs/ROBOT_CARDS.md ("Number ranges") documents them.
///
/// Every number is a plain decimal (`-1.5`, `2e-3`): hex floats, `nan` and `inf` are
/// refused. Its magnitude is at most `maxMagnitude` (metres, radians, m/s, rad/s, Hz,
/// degrees all fit: the largest shipped number is 2 Hz below 100); a number that must be
/// above 0 (a length, a radius, a speed) is at least `minPositive`; a whole number is
/// at most `maxWhole` in magnitude (fields with a tighter range check it where read).
enum NumberBounds {
    static let maxMagnitude = 1e3
    static let minPositive = 1e-6
    static let maxWhole = 1_000_000

    /// What a number in range looks like, for "expected ..." in errors.
    static func expectedNumber(_ limit: Double = maxMagnitude) -> String {
        "a decimal number from -\(numberText(limit)) to \(numberText(limit))"
    }
    static func expectedPositive(_ limit: Double = maxMagnitude) -> String {
        "a number above 0 (0.000001 to \(numberText(limit)))"
    }

    /// `text` as a decimal number (no hex, no nan or inf), or nil; range not checked.
    static func decimal(_ text: some StringProtocol) -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces)
        // Double() also reads "0x1p3", "nan", "inf" and "infinity": only digits, sign, point and exponent here.
        guard !t.isEmpty, t.utf8.allSatisfy({ isDecimalByte($0) }) else { return nil }
        return Double(t)
    }

    /// A number read from a file, with its range checked: the value, or what was expected.
    static func checked(_ v: Double, positive: Bool, limit: Double = maxMagnitude) -> Double? {
        guard v.isFinite, abs(v) <= limit else { return nil }
        if positive, v < minPositive { return nil }
        return v
    }

    private static func isDecimalByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || b == 0x2b || b == 0x2d || b == 0x2e || b == 0x65 || b == 0x45   // 0-9 + - . e E
    }
}
