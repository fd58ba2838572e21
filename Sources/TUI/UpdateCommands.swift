import Episode
import Foundation
import Kinematics
import Policy
import Render
import Spatial
import World

/// The command palette's commands (:scene, :robot, :policy, …).
extension Updater {
    mutating func run(command text: String) {
        let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let name = words.first?.lowercased() else { return }
        let arg = words.dropFirst().joined(separator: " ")
        let session = s.session
        func needArg(_ what: String) -> Bool {
            if arg.isEmpty { log(nil, .error, ":\(name) needs \(what)"); return false }
            return true
        }
        switch name {
        case "scene":
            guard needArg("a scene name (Tab completes)") else { return }
            fx.append(.load(LoadRequest(scene: arg, robot: nil, task: 0, seed: s.seed, policy: session?.policySpec ?? TUIDefaults.policy)))
            log(nil, .dim, "loading scene \(arg)…")
        case "robot":
            guard needArg("a robot name (Tab completes)"), let session else { return }
            fx.append(.load(LoadRequest(scene: session.sceneName, robot: arg, task: session.taskIndex, seed: s.seed, policy: session.policySpec)))
            log(nil, .dim, "loading \(session.sceneName) with \(arg)…")
        case "policy":
            guard needArg("a policy: \(PolicySpec.help)"), let session else { return }
            fx.append(.makePolicy(spec: arg, robot: session.model.robot, cameras: session.model.cameras.map(\.name)))
        case "task":
            guard needArg("a task number"), let n = Int(arg) else { log(nil, .error, ":task needs a number, e.g. :task 1"); return }
            reset(task: n)
        case "seed":
            guard needArg("a seed"), let n = UInt64(arg) else { log(nil, .error, ":seed needs a whole number ≥ 0, e.g. :seed 3"); return }
            reset(seed: n)
        case "replan":
            if arg == "off" || arg == "0" || arg.isEmpty { s.replan = nil; log(nil, .info, "replan: when the chunk is used up") }
            else if let n = Int(arg), n > 0 { s.replan = n; log(nil, .info, "replan: every \(n) steps") }
            else { log(nil, .error, ":replan needs a number of steps ≥ 1, or off") ; return }
            refreshPrediction()
        case "samples", "flow", "noise":
            setSampling(name, arg)
        case "view":
            guard let v = ViewKind(rawValue: arg.lowercased()) ?? (arg == "persp" || arg == "perspective" ? .perspective : nil) else {
                log(nil, .error, ":view takes top, side or 3d"); return
            }
            setView(v)
        case "speed":
            guard let v = Double(arg), v > 0, v <= 1000 else { log(nil, .error, ":speed takes steps per second, e.g. :speed 20"); return }
            s.speed = v
        case "save", "save!":
            // :save never replaces a file (the effect refuses an existing one); :save! does, as in vim.
            guard needArg("a file name, e.g. :save episode.jsonl"), let session else { return }
            fx.append(.save(path: arg, text: EpisodeLogText.make(session, instruction: currentInstruction, prompt: s.prompt.text, replan: s.replan),
                            replace: name == "save!"))
        case "help", "h", "?":
            s.showHelp = true
        case "quit", "q", "exit":
            quit()
        case "labels":
            s.labels = arg != "off"
        case "load":
            guard needArg("an episode log to replay, e.g. :load episode.jsonl"), let session else { return }
            fx.append(.makePolicy(spec: "replay:" + arg, robot: session.model.robot, cameras: []))
            reset()
            log(nil, .info, "replaying \(arg): Enter or Space to start")
        default:
            let known = Commands.names
            let near = suggestion(for: name, among: known)
            log(nil, .error, "unknown command :\(name)" + (near.map { " — did you mean :\($0)?" } ?? "") + " (:help lists them)")
        }
    }

    /// `:samples N`, `:flow N`, `:noise N`: how a flow policy draws its next chunk.
    mutating func setSampling(_ name: String, _ arg: String) {
        let what: String
        switch name {
        case "samples":
            guard let n = Int(arg), Sampling.sampleRange.contains(n) else { log(nil, .error, ":samples takes 1 to 8, e.g. :samples 5"); return }
            s.sampling.samples = n; what = "\(n) sample\(n == 1 ? "" : "s") per chunk"
        case "flow":
            guard let n = Int(arg), Sampling.flowStepRange.contains(n) else { log(nil, .error, ":flow takes 1 to 50 Euler steps, e.g. :flow 10"); return }
            s.sampling.flowSteps = n; what = "\(n) flow step\(n == 1 ? "" : "s") from noise to chunk"
        default:
            guard let n = UInt64(arg) else { log(nil, .error, ":noise takes a whole number ≥ 0, e.g. :noise 7"); return }
            s.sampling.noiseSeed = n; what = "noise seed \(n)"
        }
        let applies = s.session?.policySpec == "minivla"
        log(nil, .info, what + (applies ? " · Enter re-predicts with it" : " · used by flow policies (:policy minivla); \(s.session?.policySpec ?? "this policy") does not sample"))
    }
}
