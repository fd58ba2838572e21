import World

/// The local policies this build offers, by name (the one resolver, Remote's
/// `PolicyResolver`, sends names here and URLs to the network clients).
public enum PolicyCatalog {
    public static let help = "expert (the built-in scripted policy) | hold (stay still) | replay:FILE (an episode log or action file) | minivla (the learned in-process VLA, Models/minivla)"
    public static let names = ["hold", "replay:", "expert", "minivla"]

    /// `readFile` reads a replay file (the caller's file access: Assets' `TextFiles.read`).
    public static func make(_ spec: String, robot: RobotModel, readFile: (String) throws -> String) throws -> any Policy {
        if spec == "hold" { return HoldPolicy(robot: robot) }
        if spec.hasPrefix("replay:") {
            let path = String(spec.dropFirst("replay:".count))
            guard !path.isEmpty else { throw PolicyError("--policy replay:FILE needs a file, e.g. replay:episode.jsonl") }
            let text: String
            do { text = try readFile(path) } catch { throw PolicyError("replay: cannot read \(path)") }
            return try ReplayPolicy.parse(text, path: path, chunk: robot.control.chunk)
        }
        if spec == "expert" { return ExpertPolicy() }
        if spec == "minivla" { throw PolicyError("minivla is loaded by the policy resolver (Remote's PolicyResolver), which reads Models/minivla") }
        throw PolicyError("unknown policy `\(spec)`; choose \(help) | ws://HOST:PORT (an openpi policy server, e.g. after `make serve`) | http://HOST:PORT/act (an HTTP JSON server)"
                          + (suggestion(for: spec, among: ["expert", "hold"]).map { "; did you mean `\($0)`?" } ?? ""))
    }
}
