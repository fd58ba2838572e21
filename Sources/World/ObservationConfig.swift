/// A robot card's `observation:` section: which observation keys a remote policy gets
/// for this robot (the Remote module reads it; flags override it).
public struct ObservationConfig: Sendable, Equatable {
    /// A preset name (see `presets`), or nil for the default by robot structure.
    public var preset: String?
    /// `KEY=SOURCE` overrides, applied in order after the preset.
    public var keys: [String]

    public init(preset: String? = nil, keys: [String] = []) { self.preset = preset; self.keys = keys }

    public static let presets = ["libero", "aloha", "lerobot", "qwen"]
    /// What may follow `KEY=`: fixed words, or a camera after a prefix.
    public static let sources = ["tool_state", "joint_state", "prompt", "instruction", "embodiment_prompt", "none"]
    public static let cameraPrefixes = ["camera:", "camera_chw:"]

    public static func isValidSource(_ s: String) -> Bool {
        sources.contains(s) || cameraPrefixes.contains { s.hasPrefix($0) && s.count > $0.count }
    }
}
