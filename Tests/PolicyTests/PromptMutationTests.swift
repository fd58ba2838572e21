import Foundation
import Policy
import Spatial
import Testing
import World

// Prompts nobody wrote: the corpus's, with sentences dropped, swapped or
// repeated and words replaced. Whatever the parser makes of them, the linter
// must describe what the expert then sends, and a prompt with no linter error
// must pass every probe. (96 rounds here; 700 with another seed passed while writing it.)

@Test func mutatedPromptsKeepTheLinterAndTheProbeInAgreement() throws {
    let corpus = try promptCorpus()
    let words = Array(Set(corpus.flatMap { $0.prompt.split(separator: " ").map(String.init) })).sorted()
    var rng = SeededRandom(seed: 11)
    var checked = 0
    for round in 0..<96 {
        let entry = corpus[round % corpus.count]
        let r = try robot(entry.robot)
        var sentences = entry.prompt.split(separator: ".", omittingEmptySubsequences: true).map(String.init)
        switch rng.index(4) {
        case 0 where sentences.count > 1: sentences.remove(at: rng.index(sentences.count))
        case 1 where sentences.count > 1: sentences.swapAt(rng.index(sentences.count), rng.index(sentences.count))
        case 2: sentences.append(sentences[rng.index(sentences.count)])
        default:
            var w = sentences.joined(separator: ".").split(separator: " ").map(String.init)
            w[rng.index(w.count)] = words[rng.index(words.count)]
            sentences = [w.joined(separator: " ")]
        }
        let prompt = sentences.joined(separator: ".")
        let claim = PromptParser.parse(prompt, robot: r).claimed
        let sent = ActionCodec.encode(ActionCommand(arms: [], base: nil), claim.actionConvention(for: r))
        #expect(sent.count == claim.vector(for: r).count, "\(prompt)")
        let errors = PromptLinter.lint(prompt, robot: r).findings.filter { $0.severity == .error }
        let failed = ConventionProbe.run(robot: r, prompt: prompt).filter { !$0.ok }
        if errors.isEmpty {
            #expect(failed.isEmpty, "no linter error, yet \(failed.map { "\($0.asked): \($0.observed)" }) for: \(prompt)")
        }
        for e in errors {
            #expect(failed.contains { ConventionProbe.aspects(showing: e.field).contains($0.aspect) }, "the linter says \(e.field) but no probe disagrees: \(prompt)")
        }
        checked += 1
    }
    #expect(checked == 96)
}
