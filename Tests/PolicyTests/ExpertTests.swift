import Episode
import Policy
import Testing
import World

@Test func theInstructionGrammarReadsSequencesRelationsAndOrdinals() {
    let a = InstructionParser.parse("pick up the black bowl between the plate and the ramekin and place it on the plate")
    guard case .place(let obj, let on, let target, _)? = a.first, a.count == 1 else { Issue.record("\(a)"); return }
    #expect(obj.words == ["black", "bowl"] && obj.relation == .between && obj.anchors.count == 2 && on && target.words == ["plate"])
    let b = InstructionParser.parse("grab the red block, then drop it into the blue bowl")
    #expect(b.count == 1)
    if case .place(let o, let on, let t, _)? = b.first { #expect(o.words == ["red", "block"] && !on && t.words == ["blue", "bowl"]) }
    let c = InstructionParser.parse("put both the soup and the sauce in the basket")
    #expect(c.count == 2)
    let d = InstructionParser.parse("leave the bedroom, walk past the sofa and stop by the fridge")
    if case .navigate(let stops)? = d.first, d.count == 1 {
        #expect(stops.map(\.words) == [["sofa"], ["fridge"]])
    } else {
        Issue.record("\(d)")
    }
    let e = InstructionParser.parse("pick up the second cube from the left")
    if case .pick(let r, _)? = e.first { #expect(r.ordinal == 2 && r.words == ["cube"]) } else { Issue.record("\(e)") }
    let f = InstructionParser.parse("pick up the red block with the left arm and hand it over to the right arm")
    #expect(f.count == 2)
    if case .handover(_, let to)? = f.last { #expect(to == "right") } else { Issue.record("\(f)") }
}

@Test func ungroundableObjectsEndTheEpisodeWithAClearReason() async throws {
    let r = try await expertEpisode("libero_goal", task: 0, instruction: "put the green teapot on the plate")
    #expect(!r.success && r.steps == 0)
    #expect(r.reason.contains("refused: there is no teapot in this scene"))
    #expect(r.reason.contains("black_bowl"))
    let ambiguous = try await expertEpisode("libero_spatial", task: 0, instruction: "put the black bowl on the plate")
    #expect(ambiguous.reason.contains("could be black_bowl_1 or"))
    let unreadable = try await expertEpisode("libero_goal", task: 0, instruction: "sing a song")
    #expect(unreadable.reason.contains("I could not read \"sing a song\""))
}

@Test func theExpertSolvesOneTaskOfEveryFamily() async throws {
    for (scene, task) in [("libero_spatial", 0), ("aloha_bimanual", 0), ("nav_apartment", 1), ("mobile_kitchen", 0), ("trajectory", 0), ("trajectory_base", 2)] {
        let r = try await expertEpisode(scene, task: task, seed: 7)
        #expect(r.success, "\(scene) task \(task): \(r.reason) \(r.metrics)")
    }
}

@Test func anyChunkIsPreviewedOnACopyOfTheWorld() throws {
    let (s, r) = try scenes.load("libero_goal", robots: robots)
    let (model, state) = WorldModel.make(scene: s, robot: r, seed: 0)
    // 1 cm up per action in the Panda's true convention (base-frame ee deltas, gripper open).
    let up: [Double] = [0, 0, 0.01, 0, 0, 0, -1]
    let after = Controller.step(model, state, action: up).state
    #expect(abs(model.toolPose(after, arm: 0).translation.z - model.toolPose(state, arm: 0).translation.z - 0.01) < 1e-4)
    // Any chunk can be previewed on a copy of the world; the world itself is untouched.
    let preview = ChunkPreview.predict(model, from: state, actions: [up, up, up][...])
    #expect(preview.steps == 3 && preview.refusal == nil)
    #expect(abs(preview.paths[0].last!.z - model.toolPose(state, arm: 0).translation.z - 0.03) < 1e-3)
    let refused = ChunkPreview.predict(model, from: state, actions: [up, [0, 0, 0]][...])
    #expect(refused.steps == 1 && refused.refusal?.contains("expected 7 numbers") == true)
}
