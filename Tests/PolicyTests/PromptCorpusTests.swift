import Foundation
import Policy
import Testing
import TestSupport
import World
import Yams

// The prompt corpus (Tests/Corpora/prompts.yaml): correct rewordings of every
// card's prompt and wrong prompts of every kind. The linter must report exactly
// the errors each entry lists, and `vlaplay probe` must agree with it: a probe
// disagrees wherever the linter reports an error, and none does where it reports none.

struct CorpusPrompt: Decodable {
    var robot: String
    var note: String?
    var prompt: String
    var errors: [String]
    var warnings: [String]?

    var label: String { "\(robot) (\(note ?? String(prompt.prefix(60))))" }
}

func promptCorpus() throws -> [CorpusPrompt] {
    let text = try String(contentsOf: repositoryRoot.appendingPathComponent("Tests/Corpora/prompts.yaml"), encoding: .utf8)
    return try YAMLDecoder().decode([CorpusPrompt].self, from: text)
}

@Test func theCorpusHoldsRewordingsOfEveryCardAndEveryKindOfError() throws {
    let corpus = try promptCorpus()
    #expect(corpus.count >= 60)
    for name in robots.names() {
        #expect(corpus.filter { $0.robot == name && $0.errors.isEmpty }.count >= 4, "\(name): too few correct rewordings")
        #expect(corpus.contains { $0.robot == name && !$0.errors.isEmpty }, "\(name): no wrong prompt")
    }
    let kinds: Set<String> = ["dimension", "gripper", "gripper_sign", "gripper_channel", "padding", "frequency_hz", "frame", "rotation",
                              "units_translation", "units_rotation", "mode", "slot_order", "joints", "arms", "mobile_base", "base_mode"]
    let covered = Set(corpus.flatMap(\.errors))
    #expect(covered.isSuperset(of: kinds), "not covered: \(kinds.subtracting(covered).sorted())")
    #expect(corpus.contains { $0.warnings?.contains("chunk") == true })
}

@Test func theLinterReportsExactlyEachCorpusPromptsErrors() throws {
    for entry in try promptCorpus() {
        let report = PromptLinter.lint(entry.prompt, robot: try robot(entry.robot))
        let errors = Set(report.findings.filter { $0.severity == .error }.map(\.field))
        #expect(errors == Set(entry.errors), "\(entry.label): \(report.findings.filter { $0.severity == .error }.map { "\($0.field): \($0.message)" })")
        let warnings = Set(report.findings.filter { $0.severity == .warning }.map(\.field))
        #expect(warnings.isSuperset(of: entry.warnings ?? []), "\(entry.label): warnings \(warnings.sorted())")
    }
}

@Test func theProbeAgreesWithTheLinterOnEveryCorpusPrompt() throws {
    for entry in try promptCorpus() {
        let r = try robot(entry.robot)
        let probes = ConventionProbe.run(robot: r, prompt: entry.prompt)
        let failed = probes.filter { !$0.ok }
        let errors = PromptLinter.lint(entry.prompt, robot: r).findings.filter { $0.severity == .error }
        if errors.isEmpty {
            #expect(failed.isEmpty, "\(entry.label): no linter error, yet \(failed.map { "\($0.asked): \($0.observed)" })")
        }
        for e in errors {
            let shown = failed.contains { ConventionProbe.aspects(showing: e.field).contains($0.aspect) }
            #expect(shown, "\(entry.label): the linter says \(e.field) but no probe disagrees")
        }
    }
}

/// What the expert sends for a correct prompt is what the card reads, number for number.
@Test func correctCorpusPromptsClaimTheCardsOwnChannels() throws {
    for entry in try promptCorpus() where entry.errors.isEmpty {
        let r = try robot(entry.robot)
        let claimed = PromptParser.parse(entry.prompt, robot: r).claimed.actionConvention(for: r)
        #expect(claimed.channels == ActionConvention(robot: r).channels, "\(entry.label)")
    }
}
