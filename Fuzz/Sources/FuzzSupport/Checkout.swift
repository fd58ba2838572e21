import Foundation

/// The checkout these targets were built from (Fuzz/Sources/FuzzSupport/ is three levels
/// down), so the card and scene targets find Robots/ and its URDF files without a flag.
public enum Checkout {
    public static let root: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    public static var robots: String { root + "/Robots" }
}
