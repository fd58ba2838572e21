// Render: cameras, projection, scene → primitives, character canvas, frames of
// styled cells. Pure values; nothing here touches a terminal.

/// A semantic colour. The terminal backend maps each to the best its terminal has
/// (256 colours, 16, 8, or none) — the view code never needs to know which.
public struct Color: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let `default` = Color(rawValue: 0)
    public static let black = Color(rawValue: 1)
    public static let red = Color(rawValue: 2)
    public static let green = Color(rawValue: 3)
    public static let yellow = Color(rawValue: 4)
    public static let blue = Color(rawValue: 5)
    public static let magenta = Color(rawValue: 6)
    public static let cyan = Color(rawValue: 7)
    public static let white = Color(rawValue: 8)
    public static let gray = Color(rawValue: 9)
    public static let darkGray = Color(rawValue: 10)
    public static let orange = Color(rawValue: 11)
    public static let brown = Color(rawValue: 12)
    public static let pink = Color(rawValue: 13)
    public static let purple = Color(rawValue: 14)
    /// A dark surface (table top) used as a background.
    public static let surface = Color(rawValue: 15)
    /// A raised fixture's surface, a little lighter than `surface`.
    public static let fixture = Color(rawValue: 16)
    /// Walls of a navigation map.
    public static let wall = Color(rawValue: 17)
    /// Status bar background.
    public static let bar = Color(rawValue: 18)
    /// The predicted-trajectory ramp, near (0) to far (5).
    public static func trail(_ level: Int) -> Color { Color(rawValue: 19 + UInt8(min(max(level, 0), 5))) }
    public static let ghost = Color(rawValue: 25)
    /// Diverging heat ramp for signed values: -4 (blue) … 0 … +4 (red).
    public static func heat(_ level: Int) -> Color { Color(rawValue: 30 + UInt8(min(max(level, -4), 4) + 4)) }
    public static let count = 39

    /// Camera-image colours: the 6×6×6 colour cube (raw values 40…255). The backend
    /// draws them as xterm-256 colours 16…231, the nearest basic colour on 8/16-colour
    /// terminals, and as a shade character without colour.
    public static func rgb(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Color {
        func level(_ v: UInt8) -> UInt8 { UInt8((Int(v) * 6) / 256) }
        return Color(rawValue: 40 + 36 * level(r) + 6 * level(g) + level(b))
    }
    /// The cube levels (0…5 each) of a camera-image colour, or nil for a semantic one.
    public var cubeLevels: (r: Int, g: Int, b: Int)? {
        guard rawValue >= 40 else { return nil }
        let i = Int(rawValue) - 40
        return (i / 36, (i / 6) % 6, i % 6)
    }
    /// Luminance 0…1 of a camera-image colour (0 for semantic ones).
    public var luminance: Double {
        guard let c = cubeLevels else { return 0 }
        return (0.299 * Double(c.r) + 0.587 * Double(c.g) + 0.114 * Double(c.b)) / 5
    }

    /// A scene file's colour name ("red", "black", "orange", …) as a colour.
    /// Black objects are drawn dark gray so they stay visible on a dark terminal.
    public static func named(_ name: String) -> Color {
        switch name.lowercased() {
        case "red": return .red
        case "green": return .green
        case "yellow", "gold": return .yellow
        case "blue", "navy": return .blue
        case "magenta": return .magenta
        case "cyan", "teal": return .cyan
        case "white", "silver": return .white
        case "black": return .darkGray
        case "gray", "grey": return .gray
        case "orange": return .orange
        case "brown", "wood", "beige", "tan": return .brown
        case "pink": return .pink
        case "purple", "violet": return .purple
        default: return .gray
        }
    }
}

/// Character attributes as a bit set.
public struct Attributes: OptionSet, Hashable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = Attributes(rawValue: 1)
    public static let dim = Attributes(rawValue: 2)
    public static let reverse = Attributes(rawValue: 4)
    public static let underline = Attributes(rawValue: 8)
}

/// How one cell is drawn: colours and attributes.
public struct Style: Hashable, Sendable {
    public var fg: Color
    public var bg: Color
    public var attributes: Attributes

    public init(fg: Color = .default, bg: Color = .default, _ attributes: Attributes = []) {
        self.fg = fg; self.bg = bg; self.attributes = attributes
    }

    public static let plain = Style()
    public static let bold = Style(fg: .default, bg: .default, .bold)
    public static let dim = Style(fg: .default, bg: .default, .dim)
    public static let reverse = Style(fg: .default, bg: .default, .reverse)

    public func with(_ a: Attributes) -> Style { var s = self; s.attributes.formUnion(a); return s }
    public func bg(_ c: Color) -> Style { var s = self; s.bg = c; return s }
}
