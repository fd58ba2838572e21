import ArgumentParser
import Assets
import Foundation
import TUI

/// `vlaplay tui` (and `vlaplay` with no arguments): the playground.
struct TUICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "The playground: type an instruction and an embodiment prompt, watch the predicted chunk and step through it.",
        discussion: """
        Starts on \(TUIDefaults.scene) task \(TUIDefaults.task) with the \(TUIDefaults.policy) policy (hold when the \
        expert is not available). Press ? inside for every key; : opens the command palette
        (:scene, :robot, :policy, :task, :seed, :replan, :view, :save, :help).

        Examples:
          vlaplay                                       same as vlaplay tui
          vlaplay tui --scene libero_goal --task 2
          vlaplay tui --scene nav_apartment --policy hold --seed 3
          vlaplay tui --scene libero_object --policy ws://127.0.0.1:8000   (a policy server, e.g. `make serve`)
        """)

    @OptionGroup var options: SceneOptions
    @Option(help: "The scene (see `vlaplay scenes`; default \(TUIDefaults.scene)).") var scene: String?
    @Option(help: "Run the scene with another compatible robot.") var robot: String?
    @Option(help: "Which of the scene's tasks (0-based).") var task: Int = TUIDefaults.task
    @Option(help: ArgumentHelp("The policy: \(PolicyFactory.help).")) var policy: String = TUIDefaults.policy
    @Option(parsing: .unconditional, help: "Seed of the scene's randomisation.", transform: seedArgument) var seed: UInt64 = TUIDefaults.seed
    @OptionGroup(title: "Remote policies") var remote: RemoteFlags

    func validate() throws {
        if task < 0 { throw ValidationError("--task: expected 0 or more") }
    }

    func run() async throws {
        let started = DispatchTime.now().uptimeNanoseconds
        try await reportingErrorsAsync {
            guard isatty(STDIN_FILENO) != 0, isatty(STDOUT_FILENO) != 0 else {
                throw CLIError("the playground needs a terminal: stdin and stdout must be a TTY (for scripts, use `vlaplay run`)")
            }
            // A dumb terminal cannot move the cursor: curses would draw one line (issue 15).
            let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
            guard !["", "dumb", "unknown"].contains(term) else {
                throw CLIError("the playground needs a terminal that can move the cursor, and TERM is `\(term.isEmpty ? "unset" : term)`: "
                               + "run it with TERM=xterm-256color (or your terminal's name), or use `vlaplay run` for a line per step")
            }
            let (scenes, robots) = try options.sceneLibrary()
            let names = scenes.names()
            let sceneName = scene ?? (names.contains(TUIDefaults.scene) ? TUIDefaults.scene : names.first ?? TUIDefaults.scene)
            let loader = Loader(robots: robots, scenes: scenes, remote: remote.options)
            // Load before curses starts, so a bad name prints as a normal error.
            let request = LoadRequest(scene: sceneName, robot: robot, task: task, seed: seed, policy: policy)
            let loaded: Loaded
            switch loader.load(request) {
            case .success(let l): loaded = l
            case .failure(let f): throw CLIError(f.message)
            }
            guard loaded.scene.tasks.indices.contains(task) else {
                throw CLIError("--task: \(sceneName) has tasks 0...\(loaded.scene.tasks.count - 1)")
            }
            do {
                try await TUIProgram.runOnOwnThread(loader: loader, loaded: loaded, startedAt: started)
            } catch let e as CursesTerminal.StartError {
                throw CLIError(e.description)
            }
        }
    }
}
