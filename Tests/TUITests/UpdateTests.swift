import Episode
import Foundation
import Policy
import Render
import Spatial
import Testing
import TUI
import World

@Suite struct UpdateTests {
    @Test func loadingPutsTheTaskInTheInstructionLineAndTheDefaultPromptInItsPane() throws {
        let s = try loadedState()
        let session = try #require(s.session)
        #expect(s.focus == .scene)                 // keys are commands until i or e
        #expect(s.instruction.text == session.task.instruction)
        #expect(!s.instruction.selected)
        #expect(s.prompt.text == EmbodimentPrompt.generate(session.model.robot, instruction: session.task.instruction))
        #expect(s.lintFindings.isEmpty)
        #expect(session.stepCount == 0)
        #expect(s.tickInterval == nil)          // paused: the loop sleeps in the terminal read
    }

    @Test func keysAreCommandsAtStartAndEscUndoesAnEdit() throws {
        var s = try loadedState()
        let original = s.instruction.text
        // q, ?, p, Space and v are commands at start: none of them lands in the instruction.
        s = apply(s, keys("v")).0
        #expect(s.instruction.text == original && s.focus == .scene)
        s = apply(s, [.key(.char("i"))] + keys("qqq")).0
        #expect(s.focus == .instruction && s.instruction.text == "qqq")
        #expect(view(s, width: 80, height: 24).text().contains("editing"))
        s = apply(s, [.key(.escape)]).0
        #expect(s.focus == .scene && s.instruction.text == original)
        // The prompt too.
        let prompt = s.prompt.text
        s = apply(s, [.key(.char("e")), .key(.ctrl("u"))] + keys("nonsense") + [.key(.escape)]).0
        #expect(s.prompt.text == prompt && !s.promptEdited && s.lintFindings.isEmpty)
    }

    @Test func pAtStartPlaysWithoutTypingAnything() async throws {
        let s = try loadedState(policy: "expert")
        let (next, fx) = apply(s, keys("p"))
        #expect(next.playing)
        #expect(fx.contains { if case .requestChunk = $0 { return true } else { return false } })
    }

    @Test func helpScrollsAtEightyByTwentyFourAndKeepsHelpAndQuitInTheKeyBar() throws {
        var s = try loadedState(width: 80, height: 24)
        let bar = view(s, width: 80, height: 24).text().split(separator: "\n").last.map(String.init) ?? ""
        #expect(bar.contains("? help") && bar.contains("q quit"), "\(bar)")
        s = apply(s, keys("?")).0
        let first = view(s, width: 80, height: 24).text()
        #expect(first.contains("↑↓ scroll"))
        s = apply(s, Array(repeating: .key(.down), count: 40)).0
        let last = view(s, width: 80, height: 24).text()
        #expect(last.contains(":quit") || last.contains("quit"), "the end of the help is reachable")
        #expect(first != last)
        #expect(s.showHelp)
    }

    @Test func playSpeedIsAMultipleOfTheControlRateAndNavigationPlaysBrisk() throws {
        let arm = try loadedState()
        #expect(arm.speed == arm.controlHz)          // 20 Hz plays ×1
        let nav = try loadedState("nav_apartment")
        #expect(nav.speed / nav.controlHz == 8)      // 2 Hz plays ×8 = 16 steps/s
        #expect(view(nav, width: 120, height: 40).text().contains("×8 16/s"))
        let faster = apply(nav, keys("+")).0
        #expect(faster.speed == 32)
    }

    @Test func aFlowPolicysSamplesAreDrawnAndDStepsThroughItsDenoising() async throws {
        var s = with(SamplingPolicy(), spec: "sampling", try loadedState())
        s = await drive(s, [.key(.enter)]).0
        let session = try #require(s.session)
        #expect(session.samplePaths.count == 2)
        #expect(sceneOverlay(s, session).samples.count == 2)
        s = apply(s, keys("d")).0
        #expect(s.session?.denoiseStep == 0)
        #expect(view(s, width: 120, height: 40).text().contains("denoising 0/2: pure noise"))
        let noisy = sceneOverlay(s, try #require(s.session)).predicted
        #expect(noisy != session.prediction.paths, "the worm shows the noise, not the chunk")
        s = apply(s, keys("ddd")).0
        #expect(s.session?.denoiseStep == nil)
        // A policy without a flow says so.
        let plain = apply(try loadedState(), keys("d")).0
        #expect(plain.log.last?.text.contains("does not show a denoising path") == true)
    }

    @Test func thePaletteSetsHowAFlowPolicySamples() throws {
        var s = with(SamplingPolicy(), spec: "minivla", try loadedState())
        for command in ["samples 5", "flow 4", "noise 9"] {
            s = apply(s, keys(":" + command) + [.key(.enter)]).0
        }
        #expect(s.sampling == Sampling(samples: 5, flowSteps: 4, noiseSeed: 9))
        #expect(s.log.last?.text.contains("Enter re-predicts") == true)
        let (_, fx) = apply(s, [.key(.enter)])
        guard case .requestChunk(_, _, let request) = try #require(fx.first) else { Issue.record("no chunk request"); return }
        #expect(request.sampling == Sampling(samples: 5, flowSteps: 4, noiseSeed: 9))
        s = apply(s, keys(":samples 0") + [.key(.enter)]).0
        #expect(s.log.last?.text.contains(":samples takes 1 to 8") == true)
        #expect(s.sampling.samples == 5, "a bad value changes nothing")
        let expert = apply(try loadedState(), keys(":flow 3") + [.key(.enter)]).0
        #expect(expert.log.last?.text.contains("does not sample") == true)
    }

    @Test func enterAsksThePolicyWithTheInstructionAndThePromptText() throws {
        var s = try loadedState()
        s = apply(s, [.key(.char("i"))] + keys("put the bowl on the cookie box onto the plate")).0     // i selects the task text; typing replaces it
        let (next, fx) = apply(s, [.key(.enter)])
        #expect(next.focus == .scene)
        #expect(next.awaiting != nil)
        guard case .requestChunk(let ticket, _, let request) = try #require(fx.first) else { Issue.record("no chunk request"); return }
        #expect(ticket == next.awaiting)
        #expect(request.instruction == "put the bowl on the cookie box onto the plate")
        #expect(request.embodimentPrompt == next.prompt.text)
        #expect(request.embodimentPrompt.contains("put the bowl on the cookie box onto the plate"))   // the prompt follows an unedited instruction
    }

    @Test func aChunkIsDryRunAndSpaceExecutesOneStep() async throws {
        var s = with(FixedPolicy(actions: pandaChunk), spec: "fixed", try loadedState())
        s = await drive(s, [.key(.enter)]).0
        var session = try #require(s.session)
        #expect(session.chunks.count == 1)
        #expect(session.prediction.steps == 16)
        #expect(session.prediction.paths.count == 1)
        #expect(session.prediction.marks.count == 1 && session.prediction.marks[0].closes)   // the gripper closes at action 10
        // The dry run did not move the world.
        #expect(session.history.count == 1)
        let before = session.state
        s = await drive(s, [.key(.char(" "))]).0
        session = try #require(s.session)
        #expect(session.stepCount == 1)
        #expect(session.cursor == 1)
        #expect(session.active?.used == 1)
        #expect(session.state != before)
        #expect(session.prediction.steps == 15)
        let tool = session.model.toolPose(session.state, arm: 0).translation
        #expect(length(tool - session.trace[1][0]) < 1e-12)
    }

    @Test func spaceWithNoChunkAsksForOneAndStepsWhenItArrives() async throws {
        var s = with(FixedPolicy(actions: pandaChunk), spec: "fixed", try loadedState())
        s.focus = .scene
        let (asked, fx) = update(s, .key(.char(" ")))
        #expect(asked.awaiting != nil && asked.pendingSteps == 1)
        // Presses while the policy thinks are not lost: each one is a step.
        let (more, _) = apply(asked, keys("  "))
        #expect(more.pendingSteps == 3)
        s = await settle(more, fx).0
        #expect(s.session?.stepCount == 3)
        #expect(s.pendingSteps == 0)
    }

    @Test func replanAsksForANewChunkAfterNSteps() async throws {
        var s = with(FixedPolicy(actions: pandaChunk), spec: "fixed", try loadedState())
        s.focus = .scene
        s = await drive(s, [.key(.char(":"))] + keys("replan 3") + [.key(.enter)]).0
        #expect(s.replan == 3)
        s = await drive(s, Array(repeating: .key(.char(" ")), count: 7)).0
        let session = try #require(s.session)
        #expect(session.stepCount == 7)
        #expect(session.chunks.count == 3)        // steps 0-2, 3-5, 6
        #expect(session.steps.map(\.indexInChunk) == [0, 1, 2, 0, 1, 2, 0])
    }

    @Test func aBadChunkOrAPolicyErrorPausesAndLeavesTheWorldUntouched() async throws {
        var s = with(FixedPolicy(actions: [[0, 0, 0]]), spec: "fixed", try loadedState())
        s.focus = .scene
        s.playing = true
        s = await drive(s, [.key(.char(" "))]).0
        #expect(!s.playing)
        #expect(s.session?.stepCount == 0)
        #expect(s.log.last?.kind == .error)
        #expect(s.log.last?.text.contains("bad chunk: action 0 of 1: expected 7 numbers") == true, "\(s.log.last?.text ?? "")")

        s = with(FailingPolicy(), spec: "failing", s)
        s.playing = true
        s = await drive(s, [.key(.char(" "))]).0
        #expect(!s.playing)
        #expect(s.session?.stepCount == 0)
        #expect(s.log.last?.text.contains("the server is down") == true)

        // Finite, right-sized but refused by the controller: a zero-length quaternion can't
        // happen for the Panda, so use a NaN that slips past as a non-finite action.
        s = with(FixedPolicy(actions: [[.nan, 0, 0, 0, 0, 0, 1]]), spec: "fixed", s)
        s = await drive(s, [.key(.char(" "))]).0
        #expect(s.session?.stepCount == 0)
        #expect(s.log.last?.kind == .error)
    }

    @Test func scrubbingRestoresExactStatesAndSteppingResumesFromThere() async throws {
        var s = with(FixedPolicy(actions: pandaChunk), spec: "fixed", try loadedState())
        s.focus = .scene
        s = await drive(s, Array(repeating: .key(.char(" ")), count: 5)).0
        let full = try #require(s.session)
        s = apply(s, [.key(.left), .key(.char("[")), .key(.char("["))]).0
        var session = try #require(s.session)
        #expect(session.cursor == 2)
        #expect(session.state == full.history[2])
        #expect(!session.isLive)
        #expect(session.chunkAtCursor?.next == 2)
        s = apply(s, [.key(.char("]"))]).0
        #expect(s.session?.cursor == 3)
        s = apply(s, [.key(.home)]).0
        #expect(s.session?.cursor == 0)
        s = apply(s, [.key(.char("G"))]).0
        #expect(s.session?.cursor == 5)
        // Resume from step 2: the later steps are dropped and step 3 is recomputed (the same, deterministically).
        s = apply(s, [.key(.char("{")), .key(.char("]")), .key(.char("]"))]).0
        #expect(s.session?.cursor == 2)
        s = await drive(s, [.key(.char(" "))]).0
        session = try #require(s.session)
        #expect(session.stepCount == 3 && session.isLive)
        #expect(session.history[3] == full.history[3])
        #expect(s.log.contains { $0.text.contains("resumed from step 2 (3 later steps dropped)") })
    }

    @Test func playingTicksStepsAndTheExpertReachesSuccess() async throws {
        var s = try loadedState(policy: "expert")
        #expect(s.session?.policySpec == "expert")
        s = await drive(s, [.key(.enter), .key(.char("p"))]).0
        #expect(s.playing)
        #expect(s.tickInterval != nil)
        var ticks = 0
        while s.session?.outcome == nil && ticks < 400 {
            s = await drive(s, [.tick]).0
            ticks += 1
        }
        let outcome = try #require(s.session?.outcome)
        #expect(outcome.success, "\(outcome.reason)")
        #expect(!s.playing)
        #expect(s.tickInterval == nil)
        #expect(s.log.contains { $0.kind == .success })
        #expect(view(s, width: 120, height: 40).text().contains("✓ SUCCESS"))
        // r resets to step 0 with the same seed; R reruns with the next seed.
        s = apply(s, [.key(.char("r"))]).0
        #expect(s.session?.stepCount == 0 && s.session?.outcome == nil && s.seed == 0)
        s = apply(s, [.key(.char("R"))]).0
        #expect(s.seed == 1)
    }

    @Test func thePaletteRunsCommandsAndCompletesNames() throws {
        var s = try loadedState()
        s.focus = .scene
        s = apply(s, [.key(.char(":"))] + keys("vi") + [.key(.tab)]).0
        #expect(s.palette.text == "view ")
        s = apply(s, keys("s") + [.key(.tab)]).0
        #expect(s.palette.text == "view side")
        s = apply(s, [.key(.enter)]).0
        #expect(s.camera.view == .side)
        #expect(s.focus == .scene)
        s = apply(s, [.key(.char(":"))] + keys("seed 7") + [.key(.enter)]).0
        #expect(s.seed == 7 && s.session?.model.seed == 7)
        s = apply(s, [.key(.char(":"))] + keys("task 2") + [.key(.enter)]).0
        #expect(s.session?.taskIndex == 2)
        #expect(s.instruction.text == s.session?.model.scene.tasks[2].instruction)
        s = apply(s, [.key(.char(":"))] + keys("task 99") + [.key(.enter)]).0
        #expect(s.session?.taskIndex == 2)
        #expect(s.log.last?.kind == .error)
        s = apply(s, [.key(.char(":"))] + keys("sene x") + [.key(.enter)]).0
        #expect(s.log.last?.text.contains("did you mean :scene?") == true)
        let (_, fx) = apply(s, [.key(.char(":"))] + keys("scene nav_apartment") + [.key(.enter)])
        guard case .load(let req) = try #require(fx.first) else { Issue.record("no load effect"); return }
        #expect(req.scene == "nav_apartment" && req.seed == 7)
        let (_, save) = apply(s, [.key(.char(":"))] + keys("save /tmp/x.jsonl") + [.key(.enter)])
        guard case .save(let path, let text, let replace) = try #require(save.first) else { Issue.record("no save effect"); return }
        #expect(path == "/tmp/x.jsonl" && !replace, ":save never replaces a file")
        let (_, saveBang) = apply(s, [.key(.char(":"))] + keys("save! /tmp/x.jsonl") + [.key(.enter)])
        guard case .save(_, _, let replaces) = try #require(saveBang.first) else { Issue.record("no save! effect"); return }
        #expect(replaces, ":save! replaces")
        #expect(text.hasPrefix("{\"action_layout\""))
        #expect(text.contains("\"type\":\"footer\""))
    }

    @Test func editingThePromptRelintsLiveAndAnInvertedGripperIsFound() throws {
        var s = try loadedState()
        s = apply(s, [.key(.char("e"))]).0
        #expect(s.focus == .prompt)
        // The prompt ends "… index 6: -1 opens it and 1 closes it."; delete 7 words, retype them inverted.
        s = apply(s, Array(repeating: .key(.ctrl("w")), count: 7) + keys("1 opens it and -1 closes it.")).0
        #expect(s.promptEdited)
        #expect(s.prompt.text.hasSuffix("index 6: 1 opens it and -1 closes it."))
        #expect(s.lintFindings.contains { $0.hasPrefix("error gripper_sign") })
        #expect(view(s, width: 120, height: 40).text().contains("lint 1 ✗"))
        // An edited prompt survives a new instruction; Ctrl-R brings the default back.
        s = apply(s, [.key(.backTab)] + keys("pick up the ramekin") + [.key(.enter)]).0
        #expect(s.prompt.text.hasSuffix("1 opens it and -1 closes it."))
        s = apply(s, [.key(.char("e")), .key(.ctrl("r"))]).0
        #expect(!s.promptEdited && s.lintFindings.isEmpty)
    }

    @Test func rePredictingKeepsTheOldPredictionAsAGhost() async throws {
        var s = with(FixedPolicy(actions: pandaChunk), spec: "fixed", try loadedState())
        s = await drive(s, [.key(.enter)]).0
        let first = try #require(s.session?.prediction)
        s = with(FixedPolicy(actions: pandaChunk.map { [-$0[0], $0[1], $0[2], 0, 0, 0, -1] }), spec: "fixed2", s)
        s = await drive(s, [.key(.char("n"))]).0
        #expect(s.session?.ghost == first)
        #expect(s.session?.prediction != first)
    }

    @Test func theTimelinePlotsCommandedAgainstExecuted() async throws {
        // A translation over the per-action limit (0.05 m) is clipped: the two lines part.
        var s = with(FixedPolicy(actions: Array(repeating: [0.2, 0, 0, 0, 0, 0, -1], count: 8)), spec: "fixed", try loadedState())
        s = await drive(s, [.key(.enter)] + Array(repeating: .key(.char(" ")), count: 3)).0
        let session = try #require(s.session)
        #expect(session.steps[0].commanded[0] == 0.2)
        #expect(abs(session.steps[0].executed[0] - 0.05) < 1e-12)
        #expect(s.log.contains { $0.kind == .warning && $0.text.contains("clipped") })
        s = apply(s, keys("a")).0
        #expect(s.timeline)
        let f = view(s, width: 120, height: 40)
        #expect(f.text().contains("Actions over the episode"))
        let layout = Layout.compute(width: 120, height: 40, focus: s.focus)
        let colours = Set((layout.inspector.y..<layout.inspector.maxY).flatMap { y in
            (layout.inspector.x..<layout.inspector.maxX).map { f[$0, y].style.fg } })
        #expect(colours.contains(.cyan) && colours.contains(.magenta) && colours.contains(.yellow))
        #expect(!apply(s, keys("a")).0.timeline)
    }

    @Test func savingAndLoadingAnEpisodeReplaysIt() async throws {
        var s = with(FixedPolicy(actions: pandaChunk), spec: "fixed", try loadedState())
        s = await drive(s, [.key(.enter)] + Array(repeating: .key(.char(" ")), count: 6)).0
        let played = try #require(s.session)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vlaplay-tui-\(getpid()).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (_, fx) = apply(s, [.key(.char(":"))] + keys("save \(path)") + [.key(.enter)])
        guard case .save(_, let text, _) = try #require(fx.first) else { Issue.record("no save"); return }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let (loading, load) = apply(s, [.key(.char(":"))] + keys("load \(path)") + [.key(.enter)])
        guard case .makePolicy(let spec, let robot, let cameras) = try #require(load.first) else { Issue.record("no policy effect"); return }
        #expect(spec == "replay:" + path)
        #expect(loading.session?.stepCount == 0)
        s = update(loading, .policyMade(loader.makePolicy(spec, robot: robot, cameras: cameras))).0
        s = await drive(s, Array(repeating: .key(.char(" ")), count: 6)).0
        #expect(s.session?.history == played.history)
    }

    @Test func keysMoveTheCameraAndSpeed() throws {
        var s = try loadedState()
        s.focus = .scene
        let zoom = s.camera.zoom
        s = apply(s, keys("zz3hk+")).0
        #expect(s.camera.view == .perspective)
        #expect(s.camera.zoom == 1)               // choosing a view resets its camera
        s = apply(s, keys("zh")).0
        #expect(s.camera.zoom > zoom)
        let speed = s.speed
        s = apply(s, keys("+")).0
        #expect(s.speed > speed)
        s = apply(s, keys("--")).0
        #expect(s.speed < speed)
    }

    /// Issue 15: the too-small screen says "(q quits)"; q quit only from the scene focus
    /// and typed into the instruction while editing.
    @Test func qQuitsATooSmallWindowWhateverHasFocus() throws {
        var s = try loadedState()
        s = update(s, .resize(width: 30, height: 10)).0
        #expect(view(s, width: s.width, height: s.height).text().contains("(q quits)"))
        s.focus = .instruction
        let (q, fx) = update(s, .key(.char("q")))
        #expect(q.quitting && q.instruction.text == s.instruction.text)
        #expect(fx.contains { if case .quit = $0 { return true } else { return false } })
    }

    @Test func resizesReflowAndQuitting() throws {
        var s = try loadedState()
        s = update(s, .resize(width: 30, height: 10)).0
        #expect(view(s, width: s.width, height: s.height).text().contains("terminal too small"))
        s = update(s, .resize(width: 80, height: 24)).0
        let small = view(s, width: 80, height: 24).text()
        #expect(small.contains("Scene") && small.contains("Inspector") && small.contains("Instruction ▸"))
        let (q, fx) = update(s, .key(.ctrl("c")))
        #expect(q.quitting)
        guard case .quit = try #require(fx.first) else { Issue.record("no quit"); return }
        s.focus = .scene
        #expect(update(s, .key(.char("q"))).0.quitting)
        s.focus = .instruction
        #expect(!update(s, .key(.char("q"))).0.quitting)    // q types into the instruction
        #expect(update(s, .interrupt).0.quitting)
    }
}

@Suite struct TextTests {
    @Test func typingReplacesASelectionAndEditingKeysWork() {
        var b = TextBuffer("pick up the cube", selected: true)
        b.insert("x")
        #expect(b.text == "x")
        b.set("pick up the red cube")
        b.deleteWord()
        #expect(b.text == "pick up the red ")
        b.home(); b.killToEnd()
        #expect(b.text.isEmpty)
        b.insert("ab\ncd")
        #expect(b.text == "abcd")                // one line: newlines dropped
        var m = TextBuffer("", multiline: true)
        m.insert("ab\ncd")
        #expect(m.text == "ab\ncd")
    }

    @Test func wrappingBreaksAtSpacesAndMapsTheCursor() {
        let w = Wrapped(Array("the robot is a panda\nwith one arm"), width: 10)
        let lines = w.lines.map { String(Array("the robot is a panda\nwith one arm")[$0]) }
        #expect(lines == ["the robot", "is a panda", "with one", "arm"])
        #expect(w.position(of: 10).line == 1 && w.position(of: 10).column == 0)
        #expect(w.index(line: 2, column: 99) == 29)
        let hard = Wrapped(Array("abcdefghij"), width: 4)
        #expect(hard.lines.count == 3)
    }
}
