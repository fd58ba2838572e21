import ArgumentParser
import Assets
import Foundation
import Policy
import World

struct PromptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prompt",
        abstract: "Print a robot's embodiment prompt, or check a prompt against the robot card.",
        discussion: """
        The prompt is Qwen-VLA's template followed by sentences stating the action convention.
        With --check FILE, the prompt in FILE (use - for stdin) is parsed into the convention it
        claims and compared with the card field by field; exit 1 when there is an error.
        Examples:
          vlaplay prompt --robot franka_panda --instruction "put the red cube in the bowl"
          vlaplay prompt --robot franka_panda --check my_prompt.txt --json
        """)

    @Option(help: "The robot's name.") var robot: String
    @Option(help: "The task to put in the prompt.") var instruction = "pick up the red cube"
    @Option(help: "A prompt file to parse and lint against the card (- for stdin).") var check: String?
    @OptionGroup var library: LibraryOptions
    @Flag(help: "Print JSON (with --check: claimed, findings, unread, assumed).") var json = false

    struct Claimed: Encodable {
        var tag: String?, arms: Int, waist: Bool, mobile_base: Bool, frequency_hz: Double?, chunk: Int?, mode: String?
        var frame: String?, rotation: String?, translation_unit: String, rotation_unit: String, joints_per_arm: Int?
        var grippers: [[String: Double]], gripper_arms: [String], base_mode: String?
        /// The action a model following the prompt sends, slot by slot.
        var vector: [String]
    }
    struct Output: Encodable {
        var robot: String, prompt: String?, claimed: Claimed, findings: [PromptLinter.Finding], unread: [String], assumed: [String: String], errors: Int
    }

    func run() throws {
        try reportingErrors {
            let m = try library.robot(robot)
            guard let check else {
                let prompt = EmbodimentPrompt.generate(m, instruction: instruction)
                if json { try printJSON(["robot": m.name, "prompt": prompt]) } else { print(prompt) }
                return
            }
            let text: String
            if check == "-" {
                text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            } else {
                guard let t = try? String(contentsOfFile: check, encoding: .utf8) else { throw CLIError("cannot read the prompt file \(check)") }
                text = t
            }
            let report = PromptLinter.lint(text, robot: m)
            let c = report.parse.claimed
            let claimed = Claimed(tag: c.tag, arms: c.arms, waist: c.waist, mobile_base: c.mobileBase, frequency_hz: c.frequencyHz, chunk: c.chunk,
                                  mode: c.mode?.rawValue, frame: c.frame?.rawValue, rotation: c.rotation?.rawValue,
                                  translation_unit: c.metresPerUnit == 1 ? "m" : (c.metresPerUnit == 0.01 ? "cm" : "mm"),
                                  rotation_unit: c.radiansPerUnit == 1 ? "rad" : "deg", joints_per_arm: c.jointsPerArm,
                                  grippers: c.grippers.map { ["channel": Double($0.channel), "open": $0.open, "closed": $0.closed] },
                                  gripper_arms: c.grippers.map(\.arm), base_mode: c.baseMode?.rawValue, vector: c.vector(for: m))
            let errors = report.findings.filter { $0.severity == .error }.count
            if json {
                try printJSON(Output(robot: m.name, prompt: nil, claimed: claimed, findings: report.findings, unread: report.parse.unread,
                                     assumed: report.parse.assumed, errors: errors))
            } else {
                print("prompt claims: \(c.mode?.rawValue ?? "?")\(c.frame.map { ", \($0.rawValue) frame" } ?? "")\(c.rotation.map { ", \($0.rawValue)" } ?? ""), \(c.frequencyHz.map { PromptLinter.fmtHz($0) } ?? "?") Hz, chunk \(c.chunk ?? 0)"
                      + c.grippers.map { ", gripper [\($0.channel)] open \(PromptLinter.num($0.open)) closed \(PromptLinter.num($0.closed))" }.joined())
                let vector = c.vector(for: m)
                print("a model following it sends \(vector.count) numbers: [\(vector.joined(separator: ", "))]")
                if report.findings.isEmpty { print("no findings: the prompt matches \(m.name)'s card") }
                for f in report.findings { print("\(f.severity.rawValue.uppercased().padding(toLength: 7, withPad: " ", startingAt: 0)) \(f.field): \(f.message)") }
                print("\(errors) error\(errors == 1 ? "" : "s"), \(report.findings.count - errors) other finding\(report.findings.count - errors == 1 ? "" : "s")")
            }
            if errors > 0 { throw ExitCode(1) }
        }
    }
}
