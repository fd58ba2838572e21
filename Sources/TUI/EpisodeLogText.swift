import Episode
import Foundation
import Policy
import World

/// The episode as a JSONL log, in the same line formats as `vlaplay run --log`
/// (so `:save` files replay with `--policy replay:FILE`).
public enum EpisodeLogText {
    public static func make(_ session: Session, instruction: String, prompt: String, replan: Int?) -> String {
        let setup = EpisodeSetup(model: session.model, initial: session.history[0], taskIndex: session.taskIndex,
                                 instruction: instruction, embodimentPrompt: prompt, replan: replan)
        let runner = EpisodeRunner(setup)
        var lines = [runner.header(session.policySpec).text]
        for (k, info) in session.steps.enumerated() {
            lines.append(runner.stepLine(k + 1, action: info.commanded, result: info.result, chunkIndex: info.chunk, inChunk: info.indexInChunk).text)
        }
        let success = session.outcome?.success ?? false
        let reason = session.outcome?.reason ?? "saved at step \(session.stepCount) (episode not finished)"
        let footer: JSONValue = .object(["type": .string("footer"), "success": .bool(success), "reason": .string(reason),
                                         "steps": .number(Double(session.stepCount)), "metrics": .object(["success": .number(success ? 1 : 0)])])
        lines.append(footer.text)
        return lines.joined(separator: "\n") + "\n"
    }
}
