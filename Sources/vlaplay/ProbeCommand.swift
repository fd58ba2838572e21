import ArgumentParser
import Assets
import Foundation
import Kinematics
import Policy
import Spatial
import World

struct ProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Send a canonical action sequence in the convention a prompt claims and report what the body did, axis by axis.",
        discussion: """
        The probe asks for +x, +y, +z, a rotation about each axis and about two at once, close and
        open, and a move at a set speed — written in the convention the prompt claims (default: the
        robot's own prompt) — and executes them by the card's TRUE convention from the home pose.
        Each result is compared with what the card's own action does (✓ or ✗); where probes
        disagree, the linter's errors that explain them follow.
        Examples:
          vlaplay probe --robot franka_panda
          vlaplay probe --robot franka_panda --prompt wrong_prompt.txt --json
        """)

    @Option(help: "The robot's name.") var robot: String
    @Option(help: "A prompt file whose claimed convention the probe speaks (default: the robot's own prompt).") var prompt: String?
    @OptionGroup var library: LibraryOptions
    @Flag(help: "Print JSON: one object per probe with asked, observed, ok.") var json = false

    struct Row: Encodable { var asked: String; var observed: String; var ok: Bool; var refused: String?; var aspect: String }

    func run() throws {
        try reportingErrors {
            let m = try library.robot(robot)
            let text: String
            if let prompt {
                guard let t = try? String(contentsOfFile: prompt, encoding: .utf8) else { throw CLIError("cannot read the prompt file \(prompt)") }
                text = t
            } else {
                text = EmbodimentPrompt.generate(m, instruction: "probe the action convention")
            }
            let rows = ConventionProbe.run(robot: m, prompt: text)
            if json {
                try printJSON(rows.map { Row(asked: $0.asked, observed: $0.observed, ok: $0.ok, refused: $0.refused, aspect: $0.aspect.rawValue) })
            } else {
                for r in rows { print("asked \(r.asked): \(r.observed) \(r.ok ? "✓" : "✗")") }
                let bad = rows.filter { !$0.ok }
                if bad.isEmpty {
                    print("the body did what the prompt claims")
                } else {
                    print("\(bad.count) of \(rows.count) probes disagree with the prompt")
                    // The linter's errors that these probes show: the reasons, in the linter's words.
                    let failed = Set(bad.map(\.aspect))
                    let reasons = PromptLinter.lint(text, robot: m).findings.filter { $0.severity == .error && !ConventionProbe.aspects(showing: $0.field).isDisjoint(with: failed) }
                    for f in reasons { print("  because \(f.field): \(f.message)") }
                }
            }
            if rows.contains(where: { !$0.ok }) { throw ExitCode(1) }
        }
    }
}
