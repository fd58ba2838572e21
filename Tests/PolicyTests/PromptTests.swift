@testable import Policy
import Testing
import World

@Test func theDefaultPromptIsQwenVLAsTemplateThenTheConvention() throws {
    let panda = try robot("franka_panda")
    let p = EmbodimentPrompt.generate(panda, instruction: "put the red cube in the blue bowl")
    #expect(p.hasPrefix("The robot is Franka Emika Panda with single arm. The control frequency is 20 Hz. Please predict the next 16 control actions to execute the following task: put the red cube in the blue bowl."))
    #expect(p.contains("[x, y, z, rx, ry, rz, gripper]") && p.contains("-1 opens it and 1 closes it"))
    let aloha = try robot("aloha")
    #expect(EmbodimentPrompt.generate(aloha, instruction: "x").hasPrefix("The robot is ALOHA with dual arms. The control frequency is 50 Hz."))
    let mobile = try robot("mobile_panda")
    #expect(EmbodimentPrompt.qwenTemplate(mobile, instruction: "x").contains("with single arm, and mobile base."))
}

@Test func everyRobotsOwnPromptParsesBackToItsCardWithNoFindings() throws {
    for name in robots.names() {
        let r = try robot(name)
        let report = PromptLinter.lint(EmbodimentPrompt.generate(r, instruction: "do the task"), robot: r)
        #expect(report.findings.isEmpty, "\(name): \(report.findings.map(\.message))")
        #expect(report.parse.unread.isEmpty, "\(name): \(report.parse.unread)")
        #expect(report.parse.claimed.layout(armNames: r.arms.map(\.name)).count == r.actionDimension, "\(name)")
    }
}

@Test func handWrittenPromptsWithSynonymsAndReorderedSentencesParse() throws {
    let panda = try robot("franka_panda")
    let prompt = """
    Gripper 0 is open. Actions are end-effector deltas in the tool frame, in centimetres, with rotations as roll, pitch, yaw in degrees.
    We run at 5 Hz. The robot is Franka Emika Panda with single arm. Predict chunks of 8 actions. The gripper is the last value.
    Please be careful with the glassware.
    """
    let r = PromptParser.parse(prompt, robot: panda)
    let c = r.claimed
    #expect(c.mode == .eeDelta && c.frame == .tool && c.rotation == .rpy)
    #expect(c.metresPerUnit == 0.01 && abs(c.radiansPerUnit - .pi / 180) < 1e-12)
    #expect(c.frequencyHz == 5 && c.chunk == 8)
    #expect(c.grippers.first?.open == 0 && c.grippers.first?.closed == 1 && c.grippers.first?.channel == 6)
    #expect(r.unread == ["Please be careful with the glassware."])
    #expect(r.assumed["gripper_sign"]?.contains("only open was stated") == true)

    let so = try robot("so101")
    let joints = PromptParser.parse("The robot is SO-101 with single arm. Send seven joint positions in degrees at 30 Hz; the gripper is index 5, 1 means open and 0 means closed.", robot: so).claimed
    #expect(joints.mode == .jointPosition && joints.jointsPerArm == 7 && abs(joints.radiansPerUnit - .pi / 180) < 1e-12)
    #expect(joints.grippers.first?.channel == 5 && joints.grippers.first?.open == 1)
}

@Test func aBarePromptIsReadWithEveryMissingFieldReportedAsAssumed() throws {
    let panda = try robot("franka_panda")
    let report = PromptLinter.lint(EmbodimentPrompt.qwenTemplate(panda, instruction: "pick up the cube"), robot: panda)
    #expect(!report.hasErrors)
    let assumed = Set(report.findings.filter { $0.severity == .info }.map(\.field))
    #expect(assumed.isSuperset(of: ["mode", "frame", "rotation", "gripper_sign", "gripper_channel"]))
}

/// Each kind of prompt error: the linter names it.
@Test func theLinterNamesEachKindOfError() throws {
    let panda = try robot("franka_panda")
    let good = EmbodimentPrompt.generate(panda, instruction: "x")
    func fields(_ prompt: String, _ r: RobotModel) -> [String: PromptLinter.Finding] {
        Dictionary(PromptLinter.lint(prompt, robot: r).findings.map { ($0.field, $0) }, uniquingKeysWith: { a, _ in a })
    }
    let sign = fields(good.replacingOccurrences(of: "-1 opens it and 1 closes it", with: "1 opens it and -1 closes it"), panda)
    #expect(sign["gripper_sign"]?.severity == .error && sign["gripper_sign"]?.message.contains("will open when the model means to close it") == true)
    let hz = fields(good.replacingOccurrences(of: "20 Hz", with: "10 Hz"), panda)
    #expect(hz["frequency_hz"]?.message.contains("the prompt says 10 Hz but the controller runs at 20 Hz") == true)
    // Every motion the model plans for 1/10 s happens in 1/20 s: an error, with the factor.
    #expect(hz["frequency_hz"]?.severity == .error && hz["frequency_hz"]?.message.contains("every motion runs 2× faster") == true)
    let slow = fields(good.replacingOccurrences(of: "20 Hz", with: "forty hertz"), panda)
    #expect(slow["frequency_hz"]?.message.contains("every motion runs 2× slower") == true)
    let frame = fields(good.replacingOccurrences(of: "robot base frame", with: "tool frame"), panda)
    #expect(frame["frame"]?.severity == .error)
    let units = fields(good.replacingOccurrences(of: "in metres", with: "in centimetres"), panda)
    #expect(units["units_translation"]?.message.contains("100× too large") == true)
    let mode = fields(good.replacingOccurrences(of: "end-effector position deltas", with: "absolute end-effector positions"), panda)
    #expect(mode["mode"]?.severity == .error && mode["mode"]?.message.contains("ee_absolute") == true)
    let so = try robot("so101")
    let dof = fields(withoutLayoutSentence(EmbodimentPrompt.generate(so, instruction: "x")).replacingOccurrences(of: "five joints", with: "six joints"), so)
    #expect(dof["joints"]?.message.contains("the prompt says 6 joints per arm; this arm has 5") == true)
    // Beside a listed 6-D layout, "six joints" contradicts the list, which is what is sent: a warning.
    let listed = fields(EmbodimentPrompt.generate(so, instruction: "x").replacingOccurrences(of: "five joints", with: "six joints"), so)
    #expect(listed["joints"] == nil && listed["layout"]?.severity == .warning)
    let six = fields(good.replacingOccurrences(of: "a 7-D vector [x, y, z, rx, ry, rz, gripper]", with: "a 6-D vector [x, y, z, rx, ry, rz]"), panda)
    #expect(six["dimension"]?.message.contains("the controller expects 7 numbers per action") == true && six["dimension"]?.message.contains("sends 6") == true)
    #expect(six["gripper"]?.severity == .error)
    let pad = fields(good.replacingOccurrences(of: "a 7-D vector [x, y, z, rx, ry, rz, gripper]", with: "an 8-D vector [x, y, z, rx, ry, rz, gripper, pad]"), panda)
    #expect(pad["padding"]?.severity == .error && pad["dimension"]?.severity == .error)
    let order = fields(good.replacingOccurrences(of: "[x, y, z, rx, ry, rz, gripper]", with: "[rx, ry, rz, x, y, z, gripper]"), panda)
    #expect(order["slot_order"]?.severity == .error)
}

@Test func numbersInWordsAreReadAsDigits() {
    #expect(NumberWords.digits("twenty hertz") == "20 hertz")
    #expect(NumberWords.digits("a seven-dimensional vector of seven numbers") == "a 7-dimensional vector of 7 numbers")
    #expect(NumberWords.digits("minus one opens it and plus one closes it") == "-1 opens it and +1 closes it")
    #expect(NumberWords.digits("twenty-five, thirty two, one hundred, fifty") == "25, 32, 100, 50")
    // "one" after "the last" is a pronoun, not a number.
    #expect(NumberWords.digits("the last one is unused") == "the last one is unused")
}

/// "first", "last", "final", "second to last", ordinals and indices, each against the claimed vector.
@Test func gripperPositionsAreResolvedAgainstTheClaimedVector() throws {
    let panda = try robot("franka_panda")
    func channel(_ sentence: String) -> Int? { PromptParser.parse("The robot is Franka Emika Panda with single arm. " + sentence, robot: panda).claimed.grippers.first?.channel }
    #expect(channel("The last action value is the gripper command.") == 6)
    #expect(channel("The gripper goes in the final slot.") == 6)
    #expect(channel("The gripper is the first value.") == 0)
    #expect(channel("The gripper is the second to last value.") == 5)
    #expect(channel("The seventh number is the gripper.") == 6)
    #expect(channel("The gripper is value 7.") == 6)
    #expect(channel("The gripper is index 6.") == 6)
    // "last" of an 8-D vector is index 7.
    #expect(channel("Each action has 8 values. The gripper is the last one.") == 7)
    // A position no vector has is not a position.
    #expect(channel("The gripper is index 100000.") == 6)
    let aloha = try robot("aloha")
    let both = PromptParser.parse("The robot is ALOHA with dual arms. The left gripper is the seventh value and the right gripper is the last; 1 opens, 0 closes.", robot: aloha).claimed.grippers
    #expect(both.map(\.channel) == [6, 13] && both.allSatisfy { $0.open == 1 && $0.closed == 0 })
}

/// The vector a prompt claims, slot by slot: lists in brackets and in prose, lengths, padding.
@Test func theStatedLayoutIsTheVectorAModelSends() throws {
    let panda = try robot("franka_panda")
    func vector(_ sentence: String) -> [String] { PromptParser.parse("The robot is Franka Emika Panda with single arm. " + sentence, robot: panda).claimed.vector(for: panda) }
    #expect(vector("Each action is a 6-D vector [x, y, z, rx, ry, rz].") == ["x", "y", "z", "rx", "ry", "rz"])
    #expect(vector("Each action is a 6-D vector.") == ["x", "y", "z", "rx", "ry", "rz"])
    #expect(vector("Each action is dx, dy, dz, then the rotation, then the gripper.") == ["x", "y", "z", "rx", "ry", "rz", "gripper"])
    #expect(vector("Actions: [gripper, x, y, z, roll, pitch, yaw].") == ["gripper", "x", "y", "z", "roll", "pitch", "yaw"])
    #expect(vector("Each action has 8 values; index 0 is reserved.") == ["pad", "x", "y", "z", "rx", "ry", "rz", "gripper"])
    #expect(vector("Actions are padded with zeros to 9.") == ["x", "y", "z", "rx", "ry", "rz", "gripper", "pad", "pad"])
    #expect(vector("Each action is [x, y, z, gripper].") == ["x", "y", "z", "gripper"])   // position only
    // Unknown names: only the length is read, and the parser says so.
    let unknown = PromptParser.parse("Each action is [a, b, c, d, e, f, g, h].", robot: panda)
    #expect(unknown.claimed.vector(for: panda).count == 8 && unknown.notes.contains { $0.contains("\"a\"") })
}

@Test func aFrequencyOfTwentyDigitsIsLintedNotCrashedOn() throws {
    let panda = try robot("franka_panda")
    let report = PromptLinter.lint("The robot is Franka Emika Panda with single arm. The control frequency is 99999999999999999999 Hz.", robot: panda)
    #expect(report.findings.contains { $0.field == "frequency_hz" && $0.message.contains("1e+20 Hz") })
}

@Test func aTwentyKilobyteWordIsReadAsAnEllipsis() throws {
    let panda = try robot("franka_panda")
    let prompt = "The robot is Franka Emika Panda with single arm. " + String(repeating: "x", count: 20_000) + " The control frequency is 20 Hz."
    let r = PromptParser.parse(prompt, robot: panda)
    #expect(r.claimed.frequencyHz == 20)
    #expect(PromptParser.bounded(prompt).count < 200)
}
