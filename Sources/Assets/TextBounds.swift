/// The longest text a card or scene may hold, checked where the loaders read it: a
/// 10 MB `tag:` used to take seconds in YAML and minutes in every prompt built from
/// it. docs/ROBOT_CARDS.md ("Number ranges and text lengths") lists them.
enum TextBounds {
    /// A whole card, scene or URDF file (the largest shipped one is under 10 KB).
    static let largestFile = 1 << 20
    /// Names, tags, colours, categories, file names: one line of words.
    static let shortText = 200
    /// A task's instruction or goal.
    static let sentence = 2_000
    /// A prompt template: the prompt parser reads 20,000 characters of a prompt.
    static let promptTemplate = 20_000
    /// A navigation map drawn as text.
    static let map = 100_000

    static func expected(_ limit: Int) -> String { "text of at most \(limit) characters" }
}
