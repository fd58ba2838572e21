import Policy
import Render
import Spatial
import Testing
import TUI
import World

/// Frames compared as text and as styles with Tests/TUITests/Snapshots/*.txt and *.styles.txt
/// (VLAPLAY_RECORD_SNAPSHOTS=1 swift test --filter SnapshotTests re-records them).
@Suite struct SnapshotTests {
    /// A played-in state: a fixed chunk predicted, four steps executed.
    func steppedState(width: Int = 120, height: Int = 40) async throws -> AppState {
        var s = with(FixedPolicy(actions: pandaChunk), spec: "fixed", try loadedState(width: width, height: height))
        s = await drive(s, [.key(.enter)] + Array(repeating: .key(.char(" ")), count: 4)).0
        return s
    }

    @Test func theLayoutAtStart() throws {
        let s = try loadedState()
        expectSnapshot(view(s, width: 120, height: 40), "layout_120x40_start")
        let small = update(s, .resize(width: 80, height: 24)).0
        expectSnapshot(view(small, width: 80, height: 24), "layout_80x24_start")
        expectSnapshot(view(small, width: 80, height: 24), "layout_80x24_start_ascii", ascii: true)
    }

    /// One scene of every family, at the three sizes people use (a default terminal, a
    /// laptop, a projector), top view; and every view at 120×40.
    @Test(arguments: ["libero_goal", "aloha_bimanual", "nav_apartment", "mobile_kitchen", "trajectory"])
    func everyFamilyAtEverySizeAndView(scene: String) throws {
        for (w, h) in [(80, 24), (120, 40), (200, 60)] {
            let s = try loadedState(scene, width: w, height: h)
            let frame = view(s, width: w, height: h)
            expectSnapshot(frame, "family_\(scene)_\(w)x\(h)")
            let bar = frame.text().split(separator: "\n").last.map(String.init) ?? ""
            #expect(bar.contains("? help") && bar.contains("q quit"), "\(scene) \(w)×\(h): \(bar)")
        }
        let s = try loadedState(scene)
        for key in ["2", "3"] {
            expectSnapshot(view(apply(s, keys(key)).0, width: 120, height: 40), "family_\(scene)_view\(key)_120x40")
        }
    }

    /// libero_goal's drawers and knob with the top drawer open and the knob on: their
    /// drawing, labels and inspector lines in every view, at 80×24, and in the camera pane.
    @Test func partsOpenAndTurned() throws {
        let s = try loadedStateWithParts(topDrawer: 0.12, knob: 1.57)
        expectSnapshot(view(s, width: 120, height: 40), "parts_libero_goal_120x40")
        for key in ["2", "3", "c"] {
            expectSnapshot(view(apply(s, keys(key)).0, width: 120, height: 40), "parts_libero_goal_\(key == "c" ? "camera" : "view" + key)_120x40")
        }
        let small = try loadedStateWithParts(topDrawer: 0.12, knob: 1.57, width: 80, height: 24)
        expectSnapshot(view(small, width: 80, height: 24), "parts_libero_goal_80x24")
    }

    @Test func theLayoutAfterSteps() async throws {
        let s = try await steppedState()
        expectSnapshot(view(s, width: 120, height: 40), "layout_120x40_stepped")
        let back = apply(s, [.key(.left), .key(.left)]).0
        expectSnapshot(view(back, width: 120, height: 40), "layout_120x40_scrubbed")
        let timeline = apply(s, [.key(.char("a"))]).0
        expectSnapshot(view(timeline, width: 120, height: 40), "layout_120x40_timeline")
    }

    @Test func eachViewOfTheStartingScene() throws {
        let (m, s) = try world("libero_spatial")
        for view in ViewKind.allCases {
            expectSnapshot(sceneFrame(m, s, Camera.defaultFor(view, tabletop: true), .none), "scene_\(view.rawValue)_plain")
        }
    }

    @Test func eachOverlay() async throws {
        let s = try await steppedState()
        let session = try #require(s.session)
        let m = session.model, st = session.state
        let tool = m.toolPose(st, arm: 0).translation
        let worm = SceneOverlay(predicted: session.prediction.paths, marks: session.prediction.marks)
        let realised = SceneOverlay(realised: [session.trace.map { $0[0] }])
        let ghost = SceneOverlay(ghost: [[tool, tool + Vec3(0.1, -0.15, -0.1), tool + Vec3(0.15, -0.25, -0.2)]])
        let goals = SceneOverlay(goals: EpisodeLogic.goalMarkers(m, st, session.task))
        for (name, overlay) in [("worm", worm), ("realised", realised), ("ghost", ghost), ("goals", goals)] {
            expectSnapshot(sceneFrame(m, st, Camera.defaultFor(.top, tabletop: true), overlay), "overlay_top_\(name)")
        }
        expectSnapshot(sceneFrame(m, st, Camera.defaultFor(.perspective, tabletop: true), worm), "overlay_3d_worm")
        expectSnapshot(sceneFrame(m, st, Camera.defaultFor(.side, tabletop: true), worm), "overlay_side_worm")
    }

    @Test func aFloorPlanWithItsRouteAndGoal() throws {
        let (m, s) = try world("nav_apartment")
        let task = m.scene.tasks[0]
        let overlay = SceneOverlay(goals: EpisodeLogic.goalMarkers(m, s, task), reference: task.referencePath)
        expectSnapshot(sceneFrame(m, s, Camera.defaultFor(.top, tabletop: false), overlay), "scene_nav_top_route")
    }

    @Test func helpPaletteTooSmallAndPromptEditing() throws {
        var s = try loadedState()
        expectSnapshot(view(apply(s, [.key(.escape), .key(.char("?"))]).0, width: 120, height: 40), "help_120x40")
        let palette = apply(s, [.key(.escape), .key(.char(":"))] + keys("scene ")).0
        expectSnapshot(view(palette, width: 120, height: 40), "palette_scene_completions")
        expectSnapshot(view(s, width: 30, height: 10), "too_small_30x10")
        s = apply(s, [.key(.char("e"))] + Array(repeating: .key(.ctrl("w")), count: 7) + keys("1 opens it and -1 closes it.")).0
        expectSnapshot(view(s, width: 120, height: 40), "prompt_inverted_gripper_lint")
    }

    @Test func theCameraPaneShowsWhatThePolicySees() throws {
        let s = try loadedState()
        let camera = apply(s, keys("c")).0
        #expect(camera.showCamera)
        let frame = view(camera, width: 120, height: 40)
        expectSnapshot(frame, "camera_agentview_120x40")
        #expect(frame.text().contains("Camera · agentview"))
        // Image colours from the cube, not the semantic palette.
        #expect(frame.cells.contains { $0.style.fg.cubeLevels != nil })
        let wrist = apply(camera, keys("c")).0
        #expect(view(wrist, width: 80, height: 24).text().contains("Camera · "))
        #expect(!apply(wrist, keys("c")).0.showCamera)        // past the last camera: off
    }

    func sceneFrame(_ m: WorldModel, _ s: WorldState, _ camera: Camera, _ overlay: SceneOverlay) -> Frame {
        var c = Canvas(columns: 72, rows: 26)
        SceneRenderer.draw(m, s, camera: camera, overlay: overlay, on: &c)
        var f = Frame(width: 72, height: 26)
        c.render(into: &f, x: 0, y: 0)
        return f
    }
}
