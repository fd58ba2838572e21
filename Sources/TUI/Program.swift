import Assets
import Foundation
import Policy
import Remote
import Render
import World

/// Loads scenes, robots and policies for the program loop (the `load` and
/// `makePolicy` effects). Reads files; the only part of the TUI besides the
/// terminal that touches the outside world.
public struct Loader: Sendable {
    public let robots: RobotLibrary
    public let scenes: SceneLibrary
    /// How remote policies (`:policy ws://…`) are reached.
    public let remote: RemoteOptions

    public init(robots: RobotLibrary, scenes: SceneLibrary, remote: RemoteOptions = RemoteOptions()) {
        self.robots = robots; self.scenes = scenes; self.remote = remote
    }

    public func load(_ req: LoadRequest) -> Result<Loaded, Failure> {
        do {
            let (scene, robot) = try scenes.load(req.scene, robots: robots, robot: req.robot)
            let cameras = WorldModel.make(scene: scene, robot: robot, seed: req.seed).0.cameras.map(\.name)
            return .success(Loaded(sceneName: req.scene, scene: scene, robot: robot, policy: policyOrHold(req.policy, robot: robot, cameras: cameras),
                                   request: req, sceneNames: scenes.names(), robotNames: compatibleRobots(with: scene.family)))
        } catch {
            return .failure(Failure("\(error)"))
        }
    }

    /// The robots a scene of this family can take (`:robot` offers only these).
    func compatibleRobots(with family: SceneFamily) -> [String] {
        robots.names().filter { name in
            guard let r = try? robots.load(name) else { return false }
            return SceneRules.compatibility(family: family, robot: r) == nil
        }
    }

    /// The policy asked for, or `hold` with a note saying why not.
    public func policyOrHold(_ spec: String, robot: RobotModel, cameras: [String]) -> PolicyHandle {
        switch makePolicy(spec, robot: robot, cameras: cameras) {
        case .success(let h): return h
        case .failure(let f):
            return PolicyHandle(policy: HoldPolicy(robot: robot), spec: TUIDefaults.fallbackPolicy,
                                note: "policy `\(spec)` is not available (\(f.message)); using hold, which keeps the robot still")
        }
    }

    public func makePolicy(_ spec: String, robot: RobotModel, cameras: [String]) -> Result<PolicyHandle, Failure> {
        do { return .success(PolicyHandle(policy: try PolicyResolver.make(spec, robot: robot, cameras: cameras, options: remote, readFile: TextFiles.read, readModelFile: ModelFiles.read), spec: spec)) }
        catch { return .failure(Failure("\(error)")) }
    }
}

/// Thread-safe mailbox for events that arrive from other threads (policy answers).
final class Inbox: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [Event] = []
    func push(_ e: Event) { lock.lock(); events.append(e); lock.unlock() }
    func drain() -> [Event] { lock.lock(); defer { lock.unlock() }; let e = events; events = []; return e }
}

/// The program loop: owns the terminal, feeds events to `update`, runs effects,
/// paints `view`. Sleeps in the terminal read while paused (no busy polling).
public enum TUIProgram {
    /// Runs the playground on a thread of its own and waits for it. The loop blocks
    /// in the terminal read; on Swift's cooperative pool that could starve the policy
    /// tasks (a one-core machine has a one-thread pool), so it never runs there.
    public static func runOnOwnThread(loader: Loader, loaded: Loaded, startedAt: UInt64) async throws {
        let box = ResultBox()
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let thread = Thread {
                do { try run(loader: loader, loaded: loaded, startedAt: startedAt) } catch { box.error = error }
                done.resume()
            }
            thread.stackSize = 8 << 20
            thread.name = "vlaplay-tui"
            thread.start()
        }
        if let e = box.error { throw e }
    }

    private final class ResultBox: @unchecked Sendable {   // written by the TUI thread before resume, read after
        var error: Error?
    }

    /// Runs until the user quits; the terminal is restored on every way out.
    /// `startedAt` (DispatchTime nanoseconds) is when the command began, so the
    /// start-up figure includes loading the scene.
    public static func run(loader: Loader, loaded: Loaded, startedAt: UInt64 = DispatchTime.now().uptimeNanoseconds) throws {
        let started = startedAt
        let term = try CursesTerminal()
        defer { term.end() }
        let inbox = Inbox()
        let wake = term.wakeHandle
        let (w, h) = term.size
        var state = AppState(width: w, height: h)
        var effects: [Effect] = []
        var pending: [Event] = [.loaded(.success(loaded))]
        var nextTick: UInt64?
        var firstFrameLogged = false

        func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

        func runEffects(_ fx: [Effect]) -> Bool {
            for e in fx {
                switch e {
                case .load(let req):
                    pending.append(.loaded(loader.load(req)))
                case .makePolicy(let spec, let robot, let cameras):
                    pending.append(.policyMade(loader.makePolicy(spec, robot: robot, cameras: cameras)))
                case .requestChunk(let ticket, let handle, let request):
                    Task.detached {
                        inbox.push(await EffectDriver.answer(ticket: ticket, handle: handle, request: request))
                        wake.wake()
                    }
                case .save(let path, let text, let replace):
                    do {
                        try OutputFile.write(Array(text.utf8), to: path, replace: replace)
                        pending.append(.saved(path: path, error: nil))
                    } catch .exists {
                        pending.append(.saved(path: path, error: "the file exists; :save! \(path) replaces it"))
                    } catch {
                        pending.append(.saved(path: path, error: error.description))
                    }
                case .quit:
                    return false
                }
            }
            return true
        }

        var running = runEffects(effects)
        while running {
            // Everything that is ready, then one paint.
            pending += inbox.drain()
            while running && !pending.isEmpty {
                let e = pending.removeFirst()
                (state, effects) = update(state, e)
                running = runEffects(effects)
            }
            if !running { break }
            term.paint(view(state, width: state.width, height: state.height))
            if !firstFrameLogged, state.session != nil {
                firstFrameLogged = true
                reportStartup(mainStarted: started)
            }
            // Wait for input, a policy answer or the next tick.
            if let interval = state.tickInterval {
                let step = UInt64(interval * 1e9)
                if nextTick == nil { nextTick = now() + step }
            } else {
                nextTick = nil
            }
            var timeout: Int?
            if let t = nextTick {
                let n = now()
                timeout = t > n ? Int((t - n + 999_999) / 1_000_000) : 0
            }
            let events = timeout == 0 ? [] : term.waitForEvents(timeoutMilliseconds: timeout)
            pending += events
            if let t = nextTick, now() >= t, state.tickInterval != nil {
                pending.append(.tick)
                let step = UInt64((state.tickInterval ?? 0.1) * 1e9)
                nextTick = max(t + step, now())
            }
        }
    }

    /// With VLAPLAY_STARTUP_LOG=FILE, writes how long the first frame with a scene
    /// took: since the process started (from /proc) and since the command began.
    static func reportStartup(mainStarted: UInt64) {
        guard let path = ProcessInfo.processInfo.environment["VLAPLAY_STARTUP_LOG"], !path.isEmpty else { return }
        let sinceMain = Double(DispatchTime.now().uptimeNanoseconds - mainStarted) / 1e6
        var text = String(format: "first_frame_ms_since_command_start %.1f\n", sinceMain)
        if let ms = processAgeMilliseconds() { text += String(format: "first_frame_ms_since_process_start %.1f\n", ms) }
        try? text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// How long ago this process started (Linux /proc; 10 ms resolution).
    static func processAgeMilliseconds() -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
              let uptime = try? String(contentsOfFile: "/proc/uptime", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // Field 22 (starttime) is the 20th after the command name's closing parenthesis.
        guard fields.count > 19, let start = Double(fields[19]), let up = Double(uptime.split(separator: " ")[0]) else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        return (up - start / ticks) * 1000
    }
}
