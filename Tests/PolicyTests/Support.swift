import Episode
import Assets
import Foundation
import Policy
import Spatial
import World
import TestSupport

let robots = RobotLibrary(directory: repoRoot + "/Robots")
let scenes = SceneLibrary(directory: repoRoot + "/Scenes")

func robot(_ name: String) throws -> RobotModel { try robots.load(name) }

/// Runs the expert on a shipped scene's task with an instruction and prompt of our choosing.
func expertEpisode(_ scene: String, task: Int, instruction: String? = nil, prompt: ((RobotModel, String) -> String)? = nil,
                   seed: UInt64 = 0, maxSteps: Int? = nil) async throws -> EpisodeSummary {
    let (s, r) = try scenes.load(scene, robots: robots)
    let (model, state) = WorldModel.make(scene: s, robot: r, seed: seed)
    let text = instruction ?? s.tasks[task].instruction
    let setup = EpisodeSetup(model: model, initial: state, taskIndex: task, instruction: text,
                             embodimentPrompt: prompt.map { $0(r, text) }, maxSteps: maxSteps)
    return await EpisodeRunner(setup).run(policy: ExpertPolicy())
}

/// Events of every step, for tests that look at how an episode went.
func expertEvents(_ scene: String, task: Int, prompt: String, maxSteps: Int) async throws -> [WorldEvent] {
    let (s, r) = try scenes.load(scene, robots: robots)
    let (model, state) = WorldModel.make(scene: s, robot: r, seed: 0)
    let setup = EpisodeSetup(model: model, initial: state, taskIndex: task, embodimentPrompt: prompt, maxSteps: maxSteps)
    var events: [WorldEvent] = []
    _ = await EpisodeRunner(setup).run(policy: ExpertPolicy(), onStep: { events += $0.result.events })
    return events
}
