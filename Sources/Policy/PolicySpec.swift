/// What a `--policy` / `:policy` spec says, as text: whether it names a remote
/// policy, and the help and completions for it. Pure, so the TUI's `update` needs
/// no network target; `PolicyResolver` (Remote) turns a spec into a policy.
public enum PolicySpec {
    public static let help = PolicyCatalog.help + " | ws://HOST:PORT (an openpi policy server) | http://HOST:PORT/act (HTTP JSON)"
    public static let names = PolicyCatalog.names + ["ws://127.0.0.1:8000", "http://127.0.0.1:8000/act"]

    public static func isRemote(_ spec: String) -> Bool {
        let s = spec.lowercased()
        return s.hasPrefix("ws://") || s.hasPrefix("wss://") || s.hasPrefix("http://") || s.hasPrefix("https://")
    }
}
