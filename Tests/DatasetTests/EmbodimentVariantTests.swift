import Policy
import Testing
import World
@testable import Dataset

/// Virtual embodiments are told truthfully: the prompt generated from the changed
/// card reads back as the changed card's convention, and differs from the card's.
struct EmbodimentVariantTests {
    @Test func everyVariantsPromptReadsBackAsItsTrueConvention() throws {
        for name in robots.names() {
            let card = try robots.load(name)
            for variant in EmbodimentVariant.allCases {
                guard let body = variant.apply(to: card) else { continue }
                #expect(body.actionDimension == card.actionDimension, "\(name) \(variant): the action keeps its length")
                let prompt = EmbodimentPrompt.generate(body, instruction: "pick up the cube")
                let claimed = PromptParser.parse(prompt, robot: body).claimed
                #expect(sameReading(claimed.actionConvention(for: body), ActionConvention(robot: body)), "\(name) \(variant): \(prompt)")
                #expect(claimed.frequencyHz == body.control.frequencyHz)
                let findings = PromptLinter.lint(prompt, robot: body).findings.filter { $0.severity != .info }
                #expect(findings.isEmpty, "\(name) \(variant): \(findings.map(\.message))")
                if variant != .card {
                    // Told to the card's controller, the same prompt is wrong: a model has to read it.
                    let against = PromptLinter.lint(prompt, robot: card).findings.filter { $0.severity != .info }
                    #expect(!against.isEmpty, "\(name) \(variant): the prompt should differ from the card's")
                }
            }
        }
    }

    @Test func variantsApplyOnlyWhereTheBodyHasWhatTheyChange() throws {
        let turtle = try robots.load("turtlebot3_waffle")   // base waypoints at 2 Hz: no gripper, no end effector
        #expect(EmbodimentVariant.applicable(EmbodimentVariant.allCases, to: turtle) == [.card, .halfRate, .doubleRate])
        let panda = try robots.load("franka_panda")
        #expect(EmbodimentVariant.applicable(EmbodimentVariant.allCases, to: panda) == EmbodimentVariant.allCases)
        let flipped = try #require(EmbodimentVariant.flippedGripper.apply(to: panda))
        #expect(flipped.control.grippers.map(\.open) == panda.control.grippers.map(\.closed))
        #expect(EmbodimentVariant.halfRate.apply(to: panda)?.control.frequencyHz == 10)
        #expect(EmbodimentVariant.otherFrame.apply(to: panda)?.control.frame == .tool)
        #expect(EmbodimentVariant.otherRotation.apply(to: panda)?.actionLayout == ["x", "y", "z", "roll", "pitch", "yaw", "gripper"])
        // WidowX runs at 5 Hz: half of it is not a whole number, which LeRobot's fps cannot say.
        #expect(EmbodimentVariant.halfRate.apply(to: try robots.load("widowx_250s")) == nil)
    }

    /// Conventions that read every number the same way (fields a mode does not use aside).
    func sameReading(_ a: ActionConvention, _ b: ActionConvention) -> Bool {
        guard a.armMode == b.armMode, a.baseMode == b.baseMode, a.grippers == b.grippers, a.channels == b.channels,
              a.metresPerUnit == b.metresPerUnit, a.radiansPerUnit == b.radiansPerUnit else { return false }
        return a.armMode?.isEndEffector != true || (a.frame == b.frame && a.rotation == b.rotation)
    }
}
