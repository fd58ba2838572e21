import Policy
import Render

/// The command palette's vocabulary and Tab completion.
public enum Commands {
    public static let names = ["scene", "robot", "policy", "task", "seed", "replan", "samples", "flow", "noise", "view", "speed", "save", "load", "labels", "help", "quit"]

    public static let help: [(String, String)] = [
        (":scene NAME", "load a scene (default robot, task 0)"),
        (":robot NAME", "swap in another compatible robot"),
        (":policy NAME|URL", "expert, hold, replay:FILE, ws://H:P"),
        (":task N", "another task of this scene"),
        (":seed N", "re-lay the scene with another seed"),
        (":replan N|off", "new chunk every N steps"),
        (":samples N", "chunks a flow policy draws (1-8)"),
        (":flow N", "flow steps from noise (1-50)"),
        (":noise N", "the seed of its starting noise"),
        (":view top|side|3d", "camera"),
        (":speed N", "play speed, steps per second"),
        (":save FILE", "write the episode log (JSONL)"),
        (":load FILE", "replay a saved episode log"),
        (":labels on|off", "object names in the scene"),
        (":help  :quit", ""),
    ]

    /// Candidates for the word being typed.
    public static func completions(for text: String, _ s: AppState) -> [String] {
        let parts = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        if parts.count <= 1 {
            let p = (parts.first ?? "").lowercased()
            return names.filter { $0.hasPrefix(p) }
        }
        let arg = parts.dropFirst().joined(separator: " ")
        let pool: [String]
        switch parts[0].lowercased() {
        case "scene": pool = s.sceneNames
        case "robot": pool = s.robotNames
        case "policy": pool = PolicySpec.names
        case "view": pool = ViewKind.allCases.map(\.rawValue)
        case "task": pool = s.session.map { $0.model.scene.tasks.indices.map(String.init) } ?? []
        case "replan": pool = ["off", "4", "8", "16"]
        case "labels": pool = ["on", "off"]
        case "samples": pool = ["1", "3", "5", "8"]
        case "flow": pool = ["1", "2", "5", "10", "20"]
        default: pool = []
        }
        return pool.filter { $0.hasPrefix(arg) }
    }

    /// The text with its last word completed as far as the candidates agree.
    public static func complete(_ text: String, _ s: AppState) -> String {
        let c = completions(for: text, s)
        guard let first = c.first else { return text }
        var common = first
        for x in c.dropFirst() { while !x.hasPrefix(common) { common.removeLast() } }
        let parts = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        if parts.count <= 1 { return common + (c.count == 1 ? " " : "") }
        return parts[0] + " " + common
    }
}
