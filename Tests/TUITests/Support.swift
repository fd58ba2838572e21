import Assets
import Foundation
import Policy
import Render
import Testing
import TUI
import World
import TestSupport

let robotsLibrary = RobotLibrary(directory: repoRoot + "/Robots")
let scenesLibrary = SceneLibrary(directory: repoRoot + "/Scenes")
let loader = Loader(robots: robotsLibrary, scenes: scenesLibrary)

/// A scene and robot from the checkout, laid out with `seed`.
func world(_ scene: String, robot: String? = nil, seed: UInt64 = 0) throws -> (WorldModel, WorldState) {
    let (s, r) = try scenesLibrary.load(scene, robots: robotsLibrary, robot: robot)
    return WorldModel.make(scene: s, robot: r, seed: seed)
}

/// The app with a scene loaded, as the program loop would have it after start-up.
func loadedState(_ scene: String = "libero_spatial", task: Int = 0, policy: String = "hold", width: Int = 120, height: Int = 40) throws -> AppState {
    let loaded = try loader.load(LoadRequest(scene: scene, task: task, seed: 0, policy: policy)).get()
    return update(AppState(width: width, height: height), .loaded(.success(loaded))).0
}

/// Applies events in order; returns the state and every effect asked for.
func apply(_ s: AppState, _ events: [Event]) -> (AppState, [Effect]) {
    var state = s
    var all: [Effect] = []
    for e in events {
        let (next, fx) = update(state, e)
        state = next
        all += fx
    }
    return (state, all)
}

func keys(_ text: String) -> [Event] { text.map { .key(.char($0)) } }

/// Sends events, answering chunk requests as they come (the one effect driver).
func drive(_ s: AppState, _ events: [Event]) async -> (AppState, [Effect]) {
    await EffectDriver.drive(s, events)
}

/// Answers the chunk requests among `effects` (the one effect driver).
func settle(_ s: AppState, _ effects: [Effect]) async -> (AppState, [Effect]) {
    await EffectDriver.settle(s, effects)
}

/// A policy that always answers the same actions.
struct FixedPolicy: Policy {
    let name = "fixed"
    let actions: [[Double]]
    var done = false
    func act(_ request: PolicyRequest) async throws -> ActionChunk { ActionChunk(actions: actions, done: done) }
}

struct FailingPolicy: Policy {
    let name = "failing"
    func act(_ request: PolicyRequest) async throws -> ActionChunk { throw PolicyError("the server is down") }
}

/// Swaps the session's policy (as `:policy` would).
func with(_ policy: any Policy, spec: String, _ s: AppState) -> AppState {
    update(s, .policyMade(.success(PolicyHandle(policy: policy, spec: spec)))).0
}

/// A Panda ee_delta chunk: forward and down, close the gripper at the end.
/// A flow policy's reply: the chunk, two other samples, and the flow from noise.
struct SamplingPolicy: Policy {
    let name = "sampling"
    func act(_ request: PolicyRequest) async throws -> ActionChunk {
        let shifted = { (dy: Double) in pandaChunk.map { a in [a[0], a[1] + dy] + a[2...] } }
        var chunk = ActionChunk(actions: pandaChunk, samples: [shifted(0.01), shifted(-0.01)], denoisingSteps: 2)
        chunk.denoising = [shifted(0.03), shifted(0.015), pandaChunk]
        return chunk
    }
}

let pandaChunk: [[Double]] = (0..<16).map { k in [0.01, 0.004, -0.01, 0, 0, 0, k < 10 ? -1 : 1] }

// MARK: snapshots

/// Compares a frame's text with Tests/TUITests/Snapshots/NAME.txt.
/// VLAPLAY_RECORD_SNAPSHOTS=1 (re)writes the files instead.
func expectSnapshot(_ frame: Frame, _ name: String, ascii: Bool = false, sourceLocation: SourceLocation = #_sourceLocation) {
    // Text and styles both: a change of the worm's fade, the ghost or the lint
    // badge's colour must fail a snapshot as surely as a change of a character.
    compareSnapshot(frame.text(ascii: ascii) + "\n", name, sourceLocation: sourceLocation)
    compareSnapshot(styleMap(frame), name + ".styles", sourceLocation: sourceLocation)
}

/// The frame's styles as a grid of one-letter keys (in order of first use) and a
/// legend saying what each key is: foreground, background, attributes.
func styleMap(_ frame: Frame) -> String {
    let keys = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    var index: [Style: Int] = [:]
    var order: [Style] = []
    var rows: [String] = []
    for y in 0..<frame.height {
        var row = ""
        for x in 0..<frame.width {
            let style = frame[x, y].style
            let k: Int
            if let known = index[style] { k = known } else { k = order.count; index[style] = k; order.append(style) }
            row.append(k < keys.count ? keys[k] : "?")
        }
        rows.append(row)
    }
    let legend = order.enumerated().map { i, st in
        "\(i < keys.count ? keys[i] : "?") fg \(st.fg.rawValue) bg \(st.bg.rawValue) attributes \(st.attributes.rawValue)"
    }
    return (rows + ["--- legend ---"] + legend).joined(separator: "\n") + "\n"
}

func compareSnapshot(_ text: String, _ name: String, sourceLocation: SourceLocation) {
    let dir = repoRoot + "/Tests/TUITests/Snapshots"
    let path = dir + "/\(name).txt"
    let record = ProcessInfo.processInfo.environment["VLAPLAY_RECORD_SNAPSHOTS"] == "1"
    guard !record, let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try? text.write(toFile: path, atomically: true, encoding: .utf8)
        if !record {
            Issue.record("no snapshot \(name).txt yet: recorded it; check it and rerun", sourceLocation: sourceLocation)
        }
        return
    }
    if expected != text {
        let a = expected.split(separator: "\n", omittingEmptySubsequences: false), b = text.split(separator: "\n", omittingEmptySubsequences: false)
        let line = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
        let want = line < a.count ? String(a[line]) : "(end)", got = line < b.count ? String(b[line]) : "(end)"
        Issue.record("""
            snapshot \(name) differs at line \(line + 1) (VLAPLAY_RECORD_SNAPSHOTS=1 re-records):
            expected: \(want)
            actual:   \(got)
            --- actual ---
            \(text)
            """, sourceLocation: sourceLocation)
    }
}
