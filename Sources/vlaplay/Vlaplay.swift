import ArgumentParser
import Foundation

@main
struct Vlaplay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vlaplay",
        abstract: "A terminal simulator and policy playground for vision-language-action (VLA) robot models.",
        discussion: """
        Robots are described by embodiment cards in Robots/*.yaml: what the body is (kinematics) and the control convention its controller truly executes.

        With no arguments in a terminal, vlaplay starts the playground (the TUI, same as `vlaplay tui`): p plays the default task, i edits the instruction, e the embodiment prompt; watch the policy's predicted chunk as a trajectory, step, play, scrub back in time. Press ? inside for keys.

        Exit status: 0 success; 1 a user error (an unknown name, a bad file, a refused instruction, a lost server); 64 a malformed command line (an unknown option, a missing value).

        Examples:
          vlaplay                                   # the playground, default scene
          vlaplay tui --scene libero_goal --task 1  # another scene and task
          vlaplay robots                            # the robots
          vlaplay robot franka_panda                # joints, limits, convention
          vlaplay fk --robot franka_panda --q 0,-0.3,0,-2.2,0,2.0,0.785
          vlaplay ik --robot franka_panda --xyz 0.484,0,0.413 --rpy 3.1416,0,0
          vlaplay scenes                            # the scenes and their tasks
          vlaplay read --scene libero_goal "put the bwol on the stove please"
          vlaplay run --scene libero_spatial --log a.jsonl   # one episode, the expert
          vlaplay eval --family manipulation        # success rates per task, family
          vlaplay record --scene libero_spatial --episodes 50 --out data/spatial
          vlaplay check Robots/*.yaml Scenes/*.yaml # validate files, located errors
          vlaplay render --scene libero_spatial --camera agentview --png a.png
          vlaplay run --scene libero_object --policy ws://127.0.0.1:8000
          vlaplay bench kinematics                  # FK / Jacobian / IK speed

        Every command takes --json for machine-readable output.
        """,
        version: "0.1.0",
        subcommands: [TUICommand.self, RobotsCommand.self, RobotCommand.self, PromptCommand.self, ProbeCommand.self, ScenesCommand.self, SceneCommand.self, RunCommand.self, EvalCommand.self, MergeCommand.self, RecordCommand.self, ReadCommand.self, CorpusCommand.self,
                      FKCommand.self, IKCommand.self, CheckCommand.self, RenderCommand.self, BenchCommand.self]
    )

    mutating func run() async throws {
        // In a terminal: the playground. Piped or scripted (CI): the help, never curses.
        guard isatty(STDIN_FILENO) != 0, isatty(STDOUT_FILENO) != 0 else {
            print(Vlaplay.helpMessage())
            return
        }
        var tui = try TUICommand.parse([])
        try await tui.run()
    }
}
