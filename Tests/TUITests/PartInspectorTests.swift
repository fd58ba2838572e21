import Render
import Spatial
import Testing
@testable import TUI
import World

/// libero_goal (three drawers, the stove's knob) with the top drawer and the knob
/// starting at the values given.
func loadedStateWithParts(topDrawer: Double, knob: Double, width: Int = 120, height: Int = 40) throws -> AppState {
    var loaded = try loader.load(LoadRequest(scene: "libero_goal", task: 0, seed: 0, policy: "hold")).get()
    #expect(loaded.scene.partIndex("top_drawer") != nil && loaded.scene.partIndex("stove_knob") != nil)
    for i in loaded.scene.parts.indices {
        if loaded.scene.parts[i].name == "top_drawer" { loaded.scene.parts[i].start = topDrawer }
        if loaded.scene.parts[i].name == "stove_knob" { loaded.scene.parts[i].start = knob }
    }
    return update(AppState(width: width, height: height), .loaded(.success(loaded))).0
}

/// The line of `text` that holds `needle`.
func line(_ text: String, with needle: String) -> String? {
    text.split(separator: "\n").map(String.init).first { $0.contains(needle) }
}

@Suite struct PartInspectorTests {
    @Test func theInspectorShowsEachPartsState() throws {
        let s = try loadedStateWithParts(topDrawer: 0.12, knob: 0)
        let text = view(s, width: 120, height: 40).text()
        let drawer = try #require(line(text, with: "top_drawer "), "no top_drawer line in\n\(text)")
        #expect(drawer.contains("0.12 / 0.12 m open"), "\(drawer)")
        let knob = try #require(line(text, with: "stove_knob "))
        #expect(knob.contains("rad off"), "\(knob)")
        #expect(line(text, with: "bottom_drawer")?.contains("m closed") == true)
        // The open drawer is labelled in the scene; the closed ones are not.
        #expect(text.contains("top_drawer open"))
        #expect(!text.contains("middle_drawer closed"))
    }

    /// At 80×24 the parts fold into one line that names what is open, and every joint still shows.
    @Test func aShortInspectorFoldsThePartsIntoOneLine() throws {
        let s = try loadedStateWithParts(topDrawer: 0.12, knob: 1.57, width: 80, height: 24)
        let text = view(s, width: 80, height: 24).text()
        let parts = try #require(line(text, with: "parts "), "no parts line in\n\(text)")
        #expect(parts.contains("top_drawer open"), "\(parts)")
        #expect(text.contains("joint7"), "the joints are crowded out:\n\(text)")
    }

    @Test func aHeldPartSaysSoAndNarrowPanesDropTheTravel() throws {
        let s = try loadedStateWithParts(topDrawer: 0.06, knob: 0)
        let session = try #require(s.session)
        var state = session.state
        let i = try #require(session.model.scene.partIndex("top_drawer"))
        state.parts[i].heldBy = 0
        var f = Frame(width: 30, height: 6)
        _ = drawPartLines(&f, x: 0, y: 0, width: 30, maxY: 6, session.model, state)
        let text = f.text()
        let drawer = try #require(line(text, with: "top_drawer"), "\(text)")
        #expect(drawer.contains("0.06 m ajar held"), "\(drawer)")
        #expect(compactStateText("0.12 / 0.12 m open") == "0.12 m open")
        #expect(partSummary(session.model.scene.parts, state).contains("top_drawer ajar held"))
    }
}
