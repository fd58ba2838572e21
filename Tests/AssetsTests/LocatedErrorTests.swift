import Assets
import Foundation
import Testing

let pandaText = read(robotsDir + "/franka_panda.yaml")

/// Loads a mutated Panda card and returns the error it must produce.
func pandaError(_ transform: (String) -> String) throws -> AssetError {
    do {
        _ = try RobotCardLoader.load(text: transform(pandaText), file: "franka_panda.yaml", directory: robotsDir)
    } catch let e as AssetError {
        return e
    }
    throw CancellationError()  // loaded: the test's expectation fails below
}

func lineNumber(of needle: String, in text: String) -> Int {
    (text.components(separatedBy: "\n").firstIndex { $0.contains(needle) } ?? -1) + 1
}

@Test func reversedLimitsNameTheJointEntry() throws {
    let e = try pandaError { $0.replacingOccurrences(of: "limits: [-1.7628, 1.7628]", with: "limits: [1.7628, -1.7628]") }
    #expect(e.field == "arms[0].chain[1].limits")
    #expect(e.line == lineNumber(of: "panda_joint2", in: pandaText))
    #expect(e.expected.contains("lower < upper"))
    #expect(e.description.hasPrefix("franka_panda.yaml:\(e.line):\(e.column): error: arms[0].chain[1].limits"))
}

@Test func typosAreCaughtWithASuggestion() throws {
    let e = try pandaError { $0.replacingOccurrences(of: "max_velocity: 2.6100, radius: 0.05}", with: "max_velocty: 2.6100, radius: 0.05}") }
    #expect(e.field == "arms[0].chain[5].max_velocty")
    #expect(e.hint?.contains("did you mean `max_velocity`") == true)
    #expect(e.line == lineNumber(of: "panda_joint6", in: pandaText))
}

@Test func wrongEnumValuesListTheChoices() throws {
    let e = try pandaError { $0.replacingOccurrences(of: "mode: ee_delta", with: "mode: ee_deltas") }
    #expect(e.field == "control.mode")
    #expect(e.expected.contains("joint_position | joint_delta | ee_delta"))
    #expect(e.hint == "did you mean `ee_delta`?")
}

@Test func homeWithTheWrongLengthSaysHowManyAndWhich() throws {
    let e = try pandaError { $0.replacingOccurrences(of: "home: [0, -0.3, 0, -2.2, 0, 2.0, 0.7853981633974483]", with: "home: [0, -0.3, 0]") }
    #expect(e.field == "home")
    #expect(e.expected.hasPrefix("7 numbers"))
    #expect(e.found == "3")
    #expect(e.line == lineNumber(of: "home:", in: pandaText))
}

@Test func homeOutsideLimitsNamesTheJoint() throws {
    let e = try pandaError { $0.replacingOccurrences(of: "home: [0, -0.3, 0, -2.2,", with: "home: [0, -0.3, 0, 0.5,") }
    #expect(e.field == "home[3]")
    #expect(e.found?.contains("panda_joint4") == true)
}

@Test func gripperChannelMustMatchTheDerivedLayout() throws {
    let e = try pandaError { $0.replacingOccurrences(of: "channel: 6", with: "channel: 3") }
    #expect(e.field.hasSuffix("gripper[0].channel"))
    #expect(e.expected.contains("channel 6"))
}

@Test func missingFieldsAndBadNumbersAreLocated() throws {
    let missing = try pandaError { $0.replacingOccurrences(of: "  frequency_hz: 20\n", with: "") }
    #expect(missing.field == "control.frequency_hz")
    #expect(missing.hint == "add `frequency_hz:` here")
    let nan = try pandaError { $0.replacingOccurrences(of: "chunk: 16", with: "chunk: lots") }
    #expect(nan.field == "control.chunk" && nan.expected.hasPrefix("a whole number") && nan.found == "`lots`")
    let inf = try pandaError { $0.replacingOccurrences(of: "d: 0.316", with: "d: .inf") }
    #expect(inf.field == "arms[0].chain[2].dh_modified.d" && inf.expected == "a decimal number from -1000 to 1000")
}

/// Issue 15: numbers a file may hold are bounded where they are read (NumberBounds), so
/// `check` refuses what would trap or overflow later: 1e18 radii, 1e300 DH lengths,
/// NaN, hex floats, huge whole numbers, and positives too small to divide by.
@Test func hostileNumbersInCardsAreRefusedWhereTheyAreRead() throws {
    let cases: [(from: String, to: String, field: String)] = [
        ("d: 0.316", "d: 1e300", "arms[0].chain[2].dh_modified.d"),
        ("d: 0.316", "d: nan", "arms[0].chain[2].dh_modified.d"),
        ("d: 0.316", "d: 0x1p-2", "arms[0].chain[2].dh_modified.d"),
        ("d: 0.316", "d: -1e18", "arms[0].chain[2].dh_modified.d"),
        ("chunk: 16", "chunk: 99999999999999999999", "control.chunk"),
        ("chunk: 16", "chunk: 5000000", "control.chunk"),
        ("frequency_hz: 20", "frequency_hz: 1e-300", "control.frequency_hz"),
    ]
    for c in cases {
        let e = try pandaError { $0.replacingOccurrences(of: c.from, with: c.to) }
        #expect(e.field == c.field, "\(c.to): \(e)")
        #expect(e.line == lineNumber(of: c.from, in: pandaText), "\(e)")
    }
    // -0 is a number like any other.
    #expect(throws: Never.self) {
        _ = try RobotCardLoader.load(text: pandaText.replacingOccurrences(of: "d: 0.316", with: "d: -0.316"), file: "franka_panda.yaml",
                                     directory: robotsDir)
    }
}

@Test func yamlSyntaxErrorsKeepLibyamlsLocation() throws {
    let e = try pandaError { $0.replacingOccurrences(of: "tool: {xyz: [0, 0, 0.1034], rpy: [0, 0, 0]}", with: "tool: {xyz: [0, 0, 0.1034, rpy: [0, 0, 0]}") }
    #expect(e.field == "(syntax)")
    #expect(e.line >= lineNumber(of: "tool:", in: pandaText))
    #expect(e.column > 1)
    let duplicate = try pandaError { $0.replacingOccurrences(of: "waist: false", with: "waist: false\nwaist: true") }
    #expect(duplicate.expected == "each key once")
}

@Test func fileNameMustMatchTheCardName() throws {
    do {
        _ = try RobotCardLoader.load(text: pandaText, file: "x/panda.yaml", directory: robotsDir, expectedName: "panda")
        Issue.record("loaded a card whose name differs from its file")
    } catch let e as AssetError {
        #expect(e.field == "name" && e.line == lineNumber(of: "name: franka_panda", in: pandaText))
    }
}

let widowCard = read(robotsDir + "/widowx_250s.yaml")
let widowURDF = read(robotsDir + "/urdf/widowx_250s.urdf")

func urdfError(_ transform: (String) -> String) throws -> AssetError {
    let mutated = transform(widowURDF)
    do {
        _ = try RobotCardLoader.load(text: widowCard, file: "widowx_250s.yaml", directory: robotsDir, readFile: { path in
            path.hasSuffix(".urdf") ? mutated : nil
        })
    } catch let e as AssetError {
        return e
    }
    throw CancellationError()
}

@Test func urdfErrorsPointAtTheAttribute() throws {
    let e = try urdfError { $0.replacingOccurrences(of: "xyz=\"0 0 0.072\"", with: "xyz=\"0 zero 0.072\"") }
    #expect(e.file.hasSuffix("widowx_250s.urdf"))
    #expect(e.line == lineNumber(of: "xyz=\"0 0 0.072\"", in: widowURDF))
    #expect(e.field.hasSuffix(".origin.xyz") && e.expected.contains("three decimal numbers"))
    let tag = try urdfError { $0.replacingOccurrences(of: "</robot>", with: "</robt>") }
    #expect(tag.field == "(xml)" && tag.expected.contains("</robot>"))
    let type = try urdfError { s in
        var once = false
        return s.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            if !once && line.contains("type=\"revolute\"") { once = true; return line.replacingOccurrences(of: "revolute", with: "floating") }
            return String(line)
        }.joined(separator: "\n")
    }
    #expect(type.field.hasSuffix(".type") && type.hint?.contains("mobile_base") == true)
}
