import ArgumentParser
import Assets
import Foundation
import Policy
import World

/// Parse time against input size (issue 15): prompts, instructions and cards from 1 KB
/// to 1 MB, as ordinary words and as one long word. Every parser is bounded (a prompt
/// reads 20,000 characters, an instruction 2,000, a card field 200 and a file 1 MiB), so
/// time grows at most linearly with the input: the refusal or truncation is a scan.
struct ParseBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Time the prompt parser, the instruction reader and the card loader on 1 KB to 1 MB inputs (words and one long word).")

    @Option(help: "Sizes in bytes, comma-separated.") var sizes = "1000,10000,100000,1000000"
    @Option(help: "Repeats per input; the best is reported.") var repeats = 3
    @OptionGroup var options: SceneOptions
    @Flag(help: "Print one JSON object.") var json = false

    struct Row: Encodable { var input: String; var shape: String; var bytes: Int; var ms: Double }
    struct Output: Encodable { var rows: [Row]; var build: String }

    func run() async throws {
        try await reportingErrorsAsync {
            let (scenes, robots) = try options.sceneLibrary()
            let (scene, robot) = try scenes.load("libero_spatial", robots: robots)
            let (model, state) = WorldModel.make(scene: scene, robot: robot, seed: 0)
            let card = try TextFiles.read(robots.path(of: robot.name))
            let byteSizes = sizes.split(separator: ",").compactMap { Int($0) }
            func best(_ body: () -> Void) -> Double {
                var out = Double.infinity
                for _ in 0..<max(1, repeats) {
                    let start = DispatchTime.now().uptimeNanoseconds
                    body()
                    out = min(out, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
                }
                return out
            }
            /// `prefix` padded to `bytes` with ordinary words, or with one long word.
            func padded(_ prefix: String, _ bytes: Int, word: Bool) -> String {
                let room = max(0, bytes - prefix.utf8.count)
                if word { return prefix + String(repeating: "a", count: room) }
                let words = String(repeating: "the red ", count: room / 8 + 1)
                return prefix + String(words.prefix(room))
            }
            var rows: [Row] = []
            for bytes in byteSizes {
                for word in [false, true] {
                    let shape = word ? "one word" : "words"
                    let prompt = padded(EmbodimentPrompt.generate(robot, instruction: "pick up the bowl") + " ", bytes, word: word)
                    rows.append(Row(input: "prompt (parse + lint)", shape: shape, bytes: prompt.utf8.count,
                                    ms: best { _ = PromptLinter.lint(prompt, robot: robot) }))
                    let instruction = padded("put the black bowl on the plate ", bytes, word: word)
                    rows.append(Row(input: "instruction (read)", shape: shape, bytes: instruction.utf8.count,
                                    ms: best { _ = InstructionReader.read(instruction, model: model, state: state) }))
                    let tagged = card.replacingOccurrences(of: "tag: Franka Emika Panda", with: "tag: " + padded("", bytes, word: word))
                    rows.append(Row(input: "card tag (load)", shape: shape, bytes: tagged.utf8.count,
                                    ms: best { _ = try? RobotCardLoader.load(text: tagged, file: "franka_panda.yaml", directory: robots.directory) }))
                }
            }
            #if DEBUG
            let build = "debug"
            #else
            let build = "release"
            #endif
            if json { try printJSON(Output(rows: rows, build: build)); return }
            print(table(["INPUT", "SHAPE", "BYTES", "MS"], rows.map { [$0.input, $0.shape, "\($0.bytes)", fmt($0.ms, 2)] }))
            print("(\(build) build; best of \(repeats))")
        }
    }
}
