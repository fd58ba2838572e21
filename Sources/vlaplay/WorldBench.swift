import Episode
import ArgumentParser
import Assets
import Foundation
import Kinematics
import Policy
import Spatial
import World

struct WorldBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "world",
        abstract: "Control steps per second (Panda ee_delta with IK every step, and joint mode) and replayed episodes per second.")

    @Option(help: "The scene to step in.") var scene = "libero_spatial"
    @Option(help: "Control steps to time per mode.") var steps = 20_000
    @Option(help: "Replayed episodes to time.") var episodes = 50
    @OptionGroup var options: SceneOptions
    @Flag(help: "Print one JSON object.") var json = false

    struct Output: Encodable {
        var scene: String
        var ee_delta_steps_per_second: Double
        var joint_position_steps_per_second: Double
        var replayed_episodes_per_second: Double
        var episode_steps: Int
        var build: String
    }

    func run() async throws {
        try await reportingErrorsAsync {
            let (scenes, robots) = try options.sceneLibrary()
            let (sceneModel, panda) = try scenes.load(scene, robots: robots, robot: "franka_panda")
            let (model, start) = WorldModel.make(scene: sceneModel, robot: panda, seed: 0)
            // A slow circle above the table: every step asks IK for a new pose.
            let circle: [[Double]] = (0..<200).map { k in
                let t = Double(k) / 200 * 2 * .pi
                return [0.01 * cos(t), 0.01 * sin(t), 0.004 * sin(2 * t), 0, 0, 0.01 * sin(t), -1]
            }
            let ee = stepsPerSecond(model, start, actions: circle)

            // The same arm in joint_position mode, tracking a joint-space wave.
            let text = try String(contentsOfFile: robots.path(of: "franka_panda"), encoding: .utf8)
                .replacingOccurrences(of: "mode: ee_delta", with: "mode: joint_position")
                .replacingOccurrences(of: "  frame: base\n", with: "").replacingOccurrences(of: "  rotation: axis_angle\n", with: "")
                .replacingOccurrences(of: "max_step: {translation: 0.05, rotation: 0.5}", with: "max_step: {joint: 0.2}")
                .replacingOccurrences(of: "channel: 6", with: "channel: 7")
            let jointPanda = try RobotCardLoader.load(text: text, file: "franka_panda (joint_position)", directory: robots.directory)
            let (jointModel, jointStart) = WorldModel.make(scene: sceneModel, robot: jointPanda, seed: 0)
            let wave: [[Double]] = (0..<200).map { k in
                jointPanda.home.enumerated().map { i, h in h + 0.2 * sin(Double(k) / 30 + Double(i)) } + [-1]
            }
            let joint = stepsPerSecond(jointModel, jointStart, actions: wave)

            // Whole episodes: a replayed LIBERO-length action sequence (max_steps of task 0).
            let length = sceneModel.tasks[0].maxSteps
            let replay = ReplayPolicy(actions: (0..<length).map { circle[$0 % circle.count] }, chunk: panda.control.chunk, source: "bench")
            let setup = EpisodeSetup(model: model, initial: start, taskIndex: 0)
            let t0 = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<episodes { _ = await EpisodeRunner(setup).run(policy: replay) }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
            #if DEBUG
            let build = "debug"
            #else
            let build = "release"
            #endif
            let out = Output(scene: sceneModel.name, ee_delta_steps_per_second: ee, joint_position_steps_per_second: joint,
                             replayed_episodes_per_second: Double(episodes) / seconds, episode_steps: length, build: build)
            if json { try printJSON(out); return }
            if build == "debug" { print("warning: debug build; use `swift build -c release` for real numbers\n") }
            print(table(["WORLD (\(sceneModel.name), one core)", "RATE"], [
                ["Panda ee_delta control steps (IK every step)", String(format: "%.0f steps/s", ee)],
                ["Panda joint_position control steps", String(format: "%.0f steps/s", joint)],
                ["replayed episodes of \(length) steps", String(format: "%.1f episodes/s", out.replayed_episodes_per_second)],
            ]))
        }
    }

    func stepsPerSecond(_ model: WorldModel, _ start: WorldState, actions: [[Double]]) -> Double {
        var s = start
        let t0 = DispatchTime.now().uptimeNanoseconds
        for k in 0..<steps {
            s = Controller.step(model, s, action: actions[k % actions.count]).state
            if k % 400 == 399 { s = start }   // stay in the workspace
        }
        return Double(steps) / (Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
    }
}
