/// The colours of camera images: each semantic `Color` as 8-bit sRGB. Scene files
/// name colours ("red", "wood"); `Color.named` maps a name to a `Color` for the
/// terminal and this maps the same `Color` to pixels, so both agree.
extension Color {
    public var rgb: SIMD3<UInt8> {
        switch self {
        case .black: return SIMD3(20, 20, 22)
        case .red: return SIMD3(200, 40, 35)
        case .green: return SIMD3(45, 160, 65)
        case .yellow: return SIMD3(235, 200, 40)
        case .blue: return SIMD3(40, 85, 205)
        case .magenta: return SIMD3(200, 50, 170)
        case .cyan: return SIMD3(40, 180, 200)
        case .white: return SIMD3(238, 238, 235)
        case .gray: return SIMD3(135, 135, 138)
        case .darkGray: return SIMD3(55, 55, 60)
        case .orange: return SIMD3(240, 135, 30)
        case .brown: return SIMD3(150, 100, 60)
        case .pink: return SIMD3(240, 150, 185)
        case .purple: return SIMD3(130, 60, 175)
        case .surface: return SIMD3(170, 165, 155)
        case .fixture: return SIMD3(160, 160, 160)
        case .wall: return SIMD3(215, 208, 195)
        default: return SIMD3(135, 135, 138)
        }
    }
}

/// Colours of things that have no colour name in a scene file.
enum ImagePalette {
    static let skyTop = SIMD3<Float>(150, 185, 225)
    static let skyHorizon = SIMD3<Float>(215, 225, 235)
    /// The ground around a building or under a table.
    static let ground = SIMD3<Float>(120, 115, 108)
    /// A navigation map's floor inside the building.
    static let floor = SIMD3<Float>(190, 175, 150)
    static let link = SIMD3<Float>(225, 225, 228)
    static let gripper = SIMD3<Float>(60, 60, 66)
    static let base = SIMD3<Float>(80, 80, 88)

    static func of(_ c: Color) -> SIMD3<Float> { SIMD3<Float>(c.rgb) }
}
