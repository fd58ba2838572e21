import Spatial
import Testing

/// Hostile numbers (a prompt's 1e20 Hz, a card's 1e18 m radius, a server's NaN) are
/// shown, never trapped on (issue 15: `Int(x)` traps beyond ±9.2e18 and on NaN).
@Test func numbersOfAnySizeBecomeTextWithoutATrap() {
    #expect(numberText(20) == "20")
    #expect(numberText(0.05) == "0.05")
    #expect(numberText(1e20) == "1e+20")
    #expect(numberText(-1e300) == "-1e+300")
    #expect(numberText(.infinity) == "inf")
    #expect(numberText(.nan) == "nan")
    #expect(clampedInt(1e300) == 1_000_000_000_000_000)
    #expect(clampedInt(-.infinity) == -1_000_000_000_000_000)
    #expect(clampedInt(.nan) == 0)
    #expect(clampedInt(2.6) == 3)
}
