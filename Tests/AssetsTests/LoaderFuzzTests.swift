import Assets
import Foundation
import Spatial
import Testing
import TestSupport

/// Random edits of the kind people and broken tools make to files.
struct Mutator {
    var rng: SeededRandom
    static let tokens = ["", "x", "-", ":", "[", "]", "{", "}", ",", "#", "&a", "*a", "!!str", "'", "\"", "\t", "\n", " ",
                         "0", "-1", "1e400", "-1e-400", ".nan", ".inf", "null", "~", "true", "9999999999999999999999",
                         "[1, 2]", "{a: 1}", "revolute", "fixed", "ee_delta", "<", ">", "/>", "</joint>", "<joint>",
                         "\"0 0\"", "&amp;", "&bogus;", "<!--", "-->", "\u{00e9}", "\u{2800}"]

    mutating func mutate(_ text: String) -> String {
        var lines = text.components(separatedBy: "\n")
        let edits = 1 + rng.index(3)
        for _ in 0..<edits {
            guard !lines.isEmpty else { break }
            let i = rng.index(lines.count)
            switch rng.index(8) {
            case 0: lines.remove(at: i)
            case 1: lines.insert(lines[i], at: i)
            case 2: lines.swapAt(i, rng.index(lines.count))
            case 3:   // replace one character
                var chars = Array(lines[i])
                if !chars.isEmpty { chars[rng.index(chars.count)] = Array(Mutator.tokens[rng.index(Mutator.tokens.count)]).first ?? " " }
                lines[i] = String(chars)
            case 4:   // replace a number with a token
                let parts = lines[i].split(separator: " ", omittingEmptySubsequences: false).map(String.init)
                let numeric = parts.indices.filter { Double(parts[$0].trimmingCharacters(in: CharacterSet(charactersIn: "[],{}\""))) != nil }
                if let k = numeric.isEmpty ? nil : numeric[rng.index(numeric.count)] {
                    var p = parts
                    p[k] = Mutator.tokens[rng.index(Mutator.tokens.count)]
                    lines[i] = p.joined(separator: " ")
                }
            case 5:   // insert a token somewhere in a line
                var chars = Array(lines[i])
                chars.insert(contentsOf: Array(Mutator.tokens[rng.index(Mutator.tokens.count)]), at: rng.index(chars.count + 1))
                lines[i] = String(chars)
            case 6:   // truncate the file
                lines = Array(lines[0...i])
                if var last = lines.last, !last.isEmpty {
                    last = String(last.prefix(rng.index(last.count + 1)))
                    lines[lines.count - 1] = last
                }
            default:  // change indentation
                lines[i] = rng.index(2) == 0 ? "  " + lines[i] : String(lines[i].drop { $0 == " " })
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// A located error: a real file, a line inside it, a column, the field, what was expected.
func isLocated(_ e: AssetError, text: String) -> Bool {
    let lineCount = text.components(separatedBy: "\n").count
    return !e.file.isEmpty && e.line >= 1 && e.line <= lineCount + 1 && e.column >= 1
        && !e.field.isEmpty && !e.expected.isEmpty && e.description.hasPrefix("\(e.file):\(e.line):\(e.column): error: ")
}

/// One fuzz round: the mutated input, how to load it, and which text an error's
/// line numbers refer to (the input itself, or another file the loader read).
struct FuzzRound {
    var input: String
    var load: () throws -> Void
    var textOf: (AssetError) -> String
}

/// Runs the rounds; each must load or fail with a located `AssetError`. Returns the
/// counts, or nil after recording the first round that did neither.
func fuzzLoads(_ rounds: Int, _ round: (Int) -> FuzzRound) -> (loaded: Int, failed: Int)? {
    var loaded = 0, failed = 0
    for k in 0..<rounds {
        let r = round(k)
        do {
            try r.load()
            loaded += 1
        } catch let e as AssetError {
            failed += 1
            if !isLocated(e, text: r.textOf(e)) {
                Issue.record("round \(k): unlocated error \(e)\n--- input ---\n\(r.input)")
                return nil
            }
        } catch {
            Issue.record("round \(k): not an AssetError: \(error)")
            return nil
        }
    }
    return (loaded, failed)
}

@Test func mutatedRobotCardsLoadOrFailWithALocatedError() throws {
    let names = RobotLibrary(directory: robotsDir).names()
    #expect(names.count >= 7)
    var mutator = Mutator(rng: SeededRandom(seed: 77))
    guard let (loaded, failed) = fuzzLoads(3500, { k in
        let name = names[k % names.count]
        let file = "\(robotsDir)/\(name).yaml"
        let mutated = mutator.mutate(read(file))
        return FuzzRound(input: mutated, load: { _ = try RobotCardLoader.load(text: mutated, file: file, directory: robotsDir, expectedName: name) },
                         textOf: { _ in mutated })
    }) else { return }
    print("robot-card fuzz: \(loaded) loaded, \(failed) failed with located errors")
    // Both outcomes occur: the mutations are neither all harmless nor all fatal.
    #expect(loaded > 100 && failed > 1000, "loaded \(loaded), failed \(failed)")
}

@Test func mutatedURDFsLoadOrFailWithALocatedError() throws {
    let card = read(robotsDir + "/widowx_250s.yaml")
    let urdf = read(robotsDir + "/urdf/widowx_250s.urdf")
    let pandaURDF = read(robotsDir + "/urdf/franka_panda.urdf")
    let pandaCard = """
    name: panda_from_urdf
    tag: Franka Emika Panda
    arms:
      - {name: main, urdf: urdf/franka_panda.urdf, urdf_tip: panda_hand_tcp}
    home: [0, -0.3, 0, -2.2, 0, 2.0, 0.7853981633974483]
    control: {mode: joint_position, frequency_hz: 20, chunk: 16}
    """
    var mutator = Mutator(rng: SeededRandom(seed: 99))
    guard let (loaded, failed) = fuzzLoads(2000, { k in
        let usePanda = k % 2 == 1
        let mutated = mutator.mutate(usePanda ? pandaURDF : urdf)
        let cardText = usePanda ? pandaCard : card
        return FuzzRound(input: mutated,
                         load: { _ = try RobotCardLoader.load(text: cardText, file: usePanda ? "panda_from_urdf.yaml" : "widowx_250s.yaml",
                                                              directory: robotsDir, readFile: { $0.hasSuffix(".urdf") ? mutated : nil }) },
                         textOf: { e in e.file.hasSuffix(".urdf") ? mutated : cardText })
    }) else { return }
    print("URDF fuzz: \(loaded) loaded, \(failed) failed with located errors")
    #expect(loaded > 100 && failed > 500, "loaded \(loaded), failed \(failed)")
}

@Test func arbitraryBytesNeverCrashTheLoaders() throws {
    var rng = SeededRandom(seed: 5)
    for _ in 0..<500 {
        let bytes = (0..<rng.index(400)).map { _ in UInt8(rng.index(256)) }
        let text = String(decoding: bytes, as: UTF8.self)
        do {
            _ = try RobotCardLoader.load(text: text, file: "noise.yaml", directory: robotsDir, readFile: { _ in text })
            Issue.record("noise loaded as a robot card")
        } catch let e as AssetError {
            #expect(e.line >= 1 && e.column >= 1 && !e.field.isEmpty)
        }
    }
}

@Test func mutatedScenesLoadOrFailWithALocatedError() throws {
    let scenes = SceneLibrary(directory: repoRoot + "/Scenes")
    let robots = RobotLibrary(directory: robotsDir)
    let names = scenes.names()
    #expect(names.count >= 5)
    var mutator = Mutator(rng: SeededRandom(seed: 123))
    guard let (loaded, failed) = fuzzLoads(1500, { k in
        let name = names[k % names.count]
        let file = scenes.path(of: name)
        let mutated = mutator.mutate(read(file))
        // Errors about a robot card point into that card, not the scene.
        return FuzzRound(input: mutated, load: { _ = try SceneLoader.load(text: mutated, file: file, expectedName: name, robots: robots) },
                         textOf: { e in e.file == file ? mutated : read(e.file) })
    }) else { return }
    print("scene fuzz: \(loaded) loaded, \(failed) failed with located errors")
    #expect(loaded > 50 && failed > 300, "loaded \(loaded), failed \(failed)")
}
