import Foundation
import Kinematics
import Policy
import Remote
import Render
import Spatial
import World

/// The one place the app changes: a pure function from (state, event) to the next
/// state and the effects the program loop must run (ask the policy, load, save).
public func update(_ state: AppState, _ event: Event) -> (AppState, [Effect]) {
    var u = Updater(s: state)
    u.handle(event)
    return (u.s, u.fx)
}

/// Where lint findings come from: the prompt linter, one line per finding
/// ("severity field: message"). The prompt pane shows whatever this returns.
public func lintFindings(for prompt: String, robot: RobotModel) -> [String] {
    PromptLinter.lint(prompt, robot: robot).findings.map { "\($0.severity.rawValue) \($0.field): \($0.message)" }
}

/// The playground's initial state for a terminal size; the program loop then runs
/// the returned effects (the first load).
public func initialState(width: Int, height: Int, request: LoadRequest) -> (AppState, [Effect]) {
    var s = AppState(width: width, height: height)
    s.seed = request.seed
    s.status = "loading \(request.scene)…"
    return (s, [.load(request)])
}

struct Updater {
    var s: AppState
    var fx: [Effect] = []

    init(s: AppState) { self.s = s }

    // MARK: events

    mutating func handle(_ event: Event) {
        switch event {
        case .resize(let w, let h):
            s.width = max(1, w); s.height = max(1, h)
        case .tick:
            if s.playing { stepOnce() }
        case .loaded(.success(let l)):
            install(l)
        case .loaded(.failure(let f)):
            log(nil, .error, f.message)
            if s.session == nil { s.status = f.message }
        case .policyMade(.success(let h)):
            guard var session = s.session else { return }
            session.policy = h.policy
            session.policySpec = h.spec
            // The old policy's prediction stays as a ghost to compare with the new one's.
            if !session.prediction.paths.isEmpty { session.ghost = session.prediction }
            session.active = nil
            s.awaiting = nil
            s.policyNote = h.note
            s.connection = PolicyResolver.isRemote(h.spec) ? .idle : nil
            s.session = session
            refreshPrediction()
            log(nil, .info, "policy: \(h.spec)")
            if let n = h.note { log(nil, .warning, n) }
        case .policyMade(.failure(let f)):
            log(nil, .error, f.message)
        case .chunk(let ticket, let result):
            guard ticket == s.awaiting else { return }   // stale: the episode moved on
            s.awaiting = nil
            receive(result)
        case .saved(let path, let error):
            if let error { log(nil, .error, "could not save \(path): \(error)") } else { log(nil, .success, "saved the episode log to \(path)") }
        case .interrupt:
            quit()
        case .key(let k):
            key(k)
        case .mouse(let m):
            mouse(m)
        }
    }

    /// Dragging in the scene orbits the 3D camera (pans the flat views); the wheel zooms.
    mutating func mouse(_ m: Mouse) {
        let scene = Layout.compute(width: s.width, height: s.height, focus: s.focus).scene
        let inside = m.x >= scene.x && m.x < scene.x + scene.width && m.y >= scene.y && m.y < scene.y + scene.height
        switch m.kind {
        case .press:
            if inside { s.dragX = m.x; s.dragY = m.y; s.focus = .scene }
        case .drag:
            guard let x0 = s.dragX, let y0 = s.dragY else { return }
            let dx = Double(m.x - x0), dy = Double(m.y - y0)
            if s.camera.view == .perspective {
                s.camera.orbit(dAzimuth: -0.05 * dx, dElevation: 0.08 * dy)
            } else {
                s.camera.pan.x -= 0.02 * dx
                s.camera.pan.y += 0.04 * dy
            }
            s.dragX = m.x; s.dragY = m.y
        case .release:
            s.dragX = nil; s.dragY = nil
        case .wheelUp:
            if inside { s.camera.zoom(by: 1.25) }
        case .wheelDown:
            if inside { s.camera.zoom(by: 0.8) }
        }
    }

    mutating func quit() {
        s.quitting = true
        fx.append(.quit)
    }

    mutating func log(_ step: Int?, _ kind: LogLine.Kind, _ text: String) {
        if var last = s.log.last, last.text == text, last.kind == kind {
            last.count += 1; last.step = step ?? last.step
            s.log[s.log.count - 1] = last
        } else {
            s.log.append(LogLine(step: step, kind, text))
            if s.log.count > 500 { s.log.removeFirst(s.log.count - 500) }
        }
        s.logScroll = 0
    }

    // MARK: loading and resetting

    mutating func install(_ l: Loaded) {
        let req = l.request
        var task = req.task
        if !l.scene.tasks.indices.contains(task) {
            log(nil, .warning, "\(l.sceneName) has tasks 0…\(l.scene.tasks.count - 1); using task 0")
            task = 0
        }
        let (model, laidOut) = WorldModel.make(scene: l.scene, robot: l.robot, seed: req.seed)
        // As the headless runner: a path task starts on its path.
        let initial = model.prepared(laidOut, for: model.scene.tasks[task])
        s.session = Session(sceneName: l.sceneName, model: model, initial: initial, taskIndex: task, policySpec: l.policy.spec, policy: l.policy.policy)
        s.connection = PolicyResolver.isRemote(l.policy.spec) ? .idle : nil
        s.sceneNames = l.sceneNames
        s.robotNames = l.robotNames
        s.seed = req.seed
        s.policyNote = l.policy.note
        s.playing = false
        s.awaiting = nil
        s.pendingSteps = 0
        s.camera = Camera.defaultFor(s.camera.view, tabletop: isTabletop(model))
        let hz = l.robot.control.frequencyHz
        s.speed = TUIDefaults.speeds.min { abs($0 - hz) < abs($1 - hz) } ?? 10
        s.instruction.set(model.scene.tasks[task].instruction, selected: true)
        s.promptEdited = false
        regeneratePrompt()
        s.focus = .instruction
        s.status = ""
        log(nil, .info, "\(l.sceneName) task \(task) · \(l.robot.name) · policy \(l.policy.spec) · seed \(req.seed)")
        if let note = l.policy.note { log(nil, .warning, note) }
        log(nil, .dim, "Enter runs the instruction; type to replace it")
    }

    func isTabletop(_ model: WorldModel) -> Bool { model.robot.mobileBase == nil && model.scene.map == nil }

    /// A fresh episode of the same scene: another task or seed, same robot and policy.
    mutating func reset(task: Int? = nil, seed: UInt64? = nil) {
        guard let old = s.session else { return }
        let t = task ?? old.taskIndex
        guard old.model.scene.tasks.indices.contains(t) else {
            log(nil, .error, "\(old.sceneName) has tasks 0…\(old.model.scene.tasks.count - 1)")
            return
        }
        let newSeed = seed ?? s.seed
        let (model, laidOut) = WorldModel.make(scene: old.model.scene, robot: old.model.robot, seed: newSeed)
        let initial = model.prepared(laidOut, for: model.scene.tasks[t])
        var session = Session(sceneName: old.sceneName, model: model, initial: initial, taskIndex: t, policySpec: old.policySpec, policy: old.policy)
        session.ghost = nil
        s.session = session
        s.seed = newSeed
        s.playing = false
        s.awaiting = nil
        s.pendingSteps = 0
        if task != nil && task != old.taskIndex {
            s.instruction.set(model.scene.tasks[t].instruction, selected: true)
            if !s.promptEdited { regeneratePrompt() }
        }
        log(nil, .info, "reset: task \(t), seed \(newSeed)")
    }

    mutating func regeneratePrompt() {
        guard let robot = s.session?.model.robot else { return }
        s.prompt.set(EmbodimentPrompt.generate(robot, instruction: currentInstruction))
        s.promptScroll = 0
        relint()
    }

    mutating func relint() {
        guard let robot = s.session?.model.robot else { s.lintFindings = []; return }
        s.lintFindings = lintFindings(for: s.prompt.text, robot: robot)
    }

    var currentInstruction: String {
        let t = s.instruction.text.trimmingCharacters(in: .whitespaces)
        return t.isEmpty ? (s.session?.task.instruction ?? "") : t
    }

    // MARK: the loop a user drives

    /// Asks the policy for a chunk from the shown state.
    mutating func requestChunk(repredict: Bool) {
        guard var session = s.session else { return }
        if session.outcome != nil && session.isLive { log(nil, .dim, "the episode is over: r resets, R reruns with a new seed"); return }
        branch(&session)
        if repredict && !session.prediction.paths.isEmpty { session.ghost = session.prediction }
        let state = session.state
        let request = PolicyRequest(instruction: currentInstruction, embodimentPrompt: s.prompt.text,
                                    observation: Observation(session.model, state, for: session.policy))
        let ticket = s.nextTicket
        s.nextTicket += 1
        s.awaiting = ticket
        s.session = session
        fx.append(.requestChunk(ticket: ticket, policy: PolicyHandle(policy: session.policy, spec: session.policySpec), request: request))
    }

    /// Drops the history after the cursor so the episode goes on from there.
    mutating func branch(_ session: inout Session) {
        guard !session.isLive else { return }
        let dropped = session.history.count - 1 - session.cursor
        let at = session.steps[session.cursor]
        session.history.removeLast(dropped)
        session.steps.removeLast(dropped)
        session.trace.removeLast(dropped)
        session.active = (at.chunk, at.indexInChunk)
        session.outcome = nil
        log(session.cursor, .info, "resumed from step \(session.cursor) (\(dropped) later step\(dropped == 1 ? "" : "s") dropped)")
    }

    mutating func receive(_ result: Result<ActionChunk, Failure>) {
        guard var session = s.session else { return }
        let step = session.stepCount
        switch result {
        case .failure(let f):
            s.playing = false
            s.pendingSteps = 0
            if session.ghost != nil && session.active == nil { session.ghost = nil }
            s.session = session
            if s.connection != nil && f.connectionLost {
                s.connection = .lost(reason: f.message)
                log(step, .error, "paused, episode kept — Enter asks again (reconnects): \(f.message)")
            } else {
                // A refused reply still came over a working link (keep its last latency).
                switch s.connection {
                case .idle?, .lost?: s.connection = .up
                default: break
                }
                log(step, .error, "policy error: \(f.message) — paused, the world is untouched")
            }
            return
        case .success(let chunk):
            if let info = chunk.remote { s.connection = .connected(roundTripMs: info.roundTripMs, serverMs: info.serverInferMs) }
            let layout = session.model.robot.actionLayout
            let problem: String? = {
                if chunk.actions.isEmpty { return chunk.done ? nil : "the policy returned no actions" }
                if let k = chunk.actions.firstIndex(where: { $0.count != layout.count }) {
                    return "action \(k) has \(chunk.actions[k].count) numbers; \(session.model.robot.name) takes \(layout.count) [\(layout.joined(separator: ", "))]"
                }
                if let k = chunk.actions.firstIndex(where: { $0.contains { !$0.isFinite } }) { return "action \(k) is not finite: \(chunk.actions[k])" }
                return nil
            }()
            for note in chunk.notes { log(step, .info, "\(session.policySpec): \(note)") }
            if let problem {
                s.playing = false
                s.pendingSteps = 0
                s.session = session
                log(step, .error, "bad chunk: \(problem) — paused, the world is untouched")
                return
            }
            if chunk.actions.isEmpty {
                // The policy is done.
                session.active = nil
                session.outcome = EpisodeLogic.judge(session, policyFinished: true)
                s.session = session
                s.pendingSteps = 0
                announce()
                refreshPrediction()
                return
            }
            session.chunks.append(ChunkRecord(actions: chunk.actions, done: chunk.done, notes: chunk.notes,
                                              inferenceMs: chunk.inferenceMs, startStep: session.stepCount))
            session.active = (session.chunks.count - 1, 0)
            s.session = session
            let ms = chunk.remote.map { " in \($0.summary)" + ($0.connects > 0 ? ", connected" : "") }
                ?? chunk.inferenceMs.map { String(format: " in %.0f ms", $0) } ?? ""
            log(step, .dim, "chunk \(session.chunks.count - 1): \(chunk.actions.count)×\(layout.count) actions\(ms)\(chunk.done ? ", last" : "")")
            refreshPrediction()
            if let r = s.session?.prediction.refusal {
                log(step, .warning, "the dry run of this chunk is refused: \(r)")
            }
            var n = s.pendingSteps
            s.pendingSteps = 0
            while n > 0 {
                n -= 1
                stepOnce()
                if s.awaiting != nil { s.pendingSteps += n; break }   // it asked again (and counted itself)
                if s.session?.outcome != nil || s.session?.active == nil { break }
            }
        }
    }

    /// Executes one control step at the cursor (resuming from there when scrubbed back).
    mutating func stepOnce() {
        guard var session = s.session else { return }
        if session.outcome != nil && session.isLive {
            s.playing = false
            log(nil, .dim, "the episode is over: r resets, R reruns with a new seed")
            return
        }
        if s.awaiting != nil { s.pendingSteps += 1; return }
        branch(&session)
        s.session = session
        let needChunk: Bool = {
            guard let a = session.active else { return true }
            let c = session.chunks[a.chunk]
            if a.used >= c.actions.count { return true }
            if let r = s.replan, a.used >= r { return true }
            return false
        }()
        if needChunk {
            if let a = session.active, session.chunks[a.chunk].done, a.used >= session.chunks[a.chunk].actions.count {
                session.outcome = EpisodeLogic.judge(session, policyFinished: true)
                    ?? Outcome(success: false, reason: "the policy finished", step: session.stepCount)
                s.session = session
                announce()
                return
            }
            s.pendingSteps += 1
            requestChunk(repredict: false)
            return
        }
        let (ci, used) = session.active!
        let action = session.chunks[ci].actions[used]
        let before = session.history.last!
        let r = Controller.step(session.model, before, action: action)
        let n = session.stepCount
        if r.refused {
            s.playing = false
            session.active = nil
            s.session = session
            refreshPrediction()
            log(n, .error, "refused: \(r.events.first?.message ?? "the controller refused the action") — paused, the world is untouched")
            return
        }
        session.history.append(r.state)
        session.steps.append(StepInfo(commanded: action, chunk: ci, indexInChunk: used, result: r))
        session.trace.append(Session.subjects(session.model, r.state))
        session.cursor = session.history.count - 1
        session.active = (ci, used + 1)
        let chunkOver = used + 1 >= session.chunks[ci].actions.count
        session.outcome = EpisodeLogic.judge(session, policyFinished: session.chunks[ci].done && chunkOver)
        s.session = session
        logEvents(n + 1, r.events)
        if session.outcome != nil { announce() }
        refreshPrediction()
    }

    mutating func logEvents(_ step: Int, _ events: [WorldEvent]) {
        // Contacts repeat every step while touching: only the first per step.
        var contacts = 0
        for e in events {
            switch e.kind {
            case .contact:
                contacts += 1
                if contacts == 1 { log(step, .dim, e.description) }
            case .refused: log(step, .error, e.description)
            case .clipped, .ikUnreachable, .blocked: log(step, .warning, e.description)
            case .grasp, .release, .stop: log(step, .event, e.description)
            case .settle: log(step, .dim, e.description)
            }
        }
    }

    mutating func announce() {
        guard let o = s.session?.outcome else { return }
        s.playing = false
        log(o.step, o.success ? .success : .error, (o.success ? "SUCCESS: " : "FAILURE: ") + o.reason + " — r reset, R new seed")
    }

    mutating func refreshPrediction() {
        guard var session = s.session else { return }
        if let (c, next) = session.chunkAtCursor, session.chunks.indices.contains(c) {
            let actions = session.chunks[c].actions
            var end = actions.count
            if let r = s.replan { end = min(end, r) }
            let slice = next < end ? actions[next..<end] : actions[end..<end]
            session.prediction = EpisodeLogic.predict(session.model, from: session.state, actions: slice)
        } else {
            session.prediction = .empty
        }
        s.session = session
    }

    mutating func scrub(_ delta: Int) {
        guard var session = s.session else { return }
        s.playing = false
        let target = min(max(0, session.cursor + delta), session.history.count - 1)
        guard target != session.cursor else { return }
        session.cursor = target
        s.session = session
        refreshPrediction()
    }

    mutating func scrub(to index: Int) {
        guard let session = s.session else { return }
        scrub(index - session.cursor)
    }

    // MARK: keys

    mutating func key(_ k: Key) {
        if k == .ctrl("c") || k == .ctrl("q") { quit(); return }
        if s.showHelp {
            s.showHelp = false
            return
        }
        switch s.focus {
        case .palette: paletteKey(k)
        case .instruction: instructionKey(k)
        case .prompt: promptKey(k)
        case .scene: sceneKey(k)
        }
    }

    /// Editing keys shared by the text fields; true when handled.
    mutating func edit(_ b: inout TextBuffer, _ k: Key) -> Bool {
        switch k {
        case .char(let c): b.insert(String(c))
        case .backspace: b.backspace()
        case .delete, .ctrl("d"): b.deleteForward()
        case .left, .ctrl("b"): b.left()
        case .right, .ctrl("f"): b.right()
        case .home, .ctrl("a"): b.home()
        case .end, .ctrl("e"): b.end()
        case .ctrl("w"): b.deleteWord()
        case .ctrl("k"): b.killToEnd()
        case .ctrl("u"): b.clear()
        default: return false
        }
        return true
    }

    mutating func instructionKey(_ k: Key) {
        switch k {
        case .enter:
            if s.instruction.text.trimmingCharacters(in: .whitespaces).isEmpty, let t = s.session?.task.instruction { s.instruction.set(t) }
            s.instruction.selected = false
            if !s.promptEdited { regeneratePrompt() }
            s.focus = .scene
            guard s.session != nil else { return }
            log(s.session?.cursor, .info, "instruction: \(currentInstruction)")
            if s.awaiting == nil { requestChunk(repredict: true) }
        case .escape:
            s.instruction.selected = false
            s.focus = .scene
        case .tab: s.instruction.selected = false; s.focus = .prompt
        case .backTab: s.instruction.selected = false; s.focus = .scene
        default:
            var b = s.instruction
            if edit(&b, k) { s.instruction = b }
        }
    }

    mutating func promptKey(_ k: Key) {
        let width = Layout.compute(width: s.width, height: s.height, focus: .prompt).promptTextWidth
        switch k {
        case .escape, .tab: s.focus = .scene
        case .backTab: s.focus = .instruction
        case .enter:
            s.prompt.insert("\n"); promptChanged()
        case .ctrl("r"):
            s.promptEdited = false
            regeneratePrompt()
            log(nil, .info, "embodiment prompt reset to the robot's default")
        case .ctrl("p"):
            s.focus = .scene
            requestChunk(repredict: true)
        case .up, .down:
            let wrapped = Wrapped(s.prompt.characters, width: width)
            let (line, col) = wrapped.position(of: s.prompt.cursor)
            let target = line + (k == .up ? -1 : 1)
            if target >= 0 && target < wrapped.lines.count { s.prompt.moveTo(wrapped.index(line: target, column: col)) }
        case .pageUp: s.promptScroll = max(0, s.promptScroll - 5)
        case .pageDown: s.promptScroll += 5
        default:
            var b = s.prompt
            let before = b.text
            if edit(&b, k) {
                s.prompt = b
                if b.text != before { promptChanged() }
            }
        }
    }

    mutating func promptChanged() {
        s.promptEdited = true
        relint()
    }

    mutating func sceneKey(_ k: Key) {
        if s.teaching != nil, teachKey(k) { return }
        switch k {
        case .char("T"):
            guard let session = s.session, !session.model.robot.arms.isEmpty else {
                log(nil, .warning, "teaching mode needs a robot with an arm"); return
            }
            s.playing = false
            s.teaching = AppState.Teach()
            log(nil, .info, "teaching: 1-9 pick a joint, , . jog it, x/X y/Y u/U move the tool ±1 cm (IK follows), T leaves")
            reportTeach()
        case .char(" "): stepOnce()
        case .char("p"):
            guard s.session != nil else { return }
            s.playing.toggle()
            if s.playing, s.session?.outcome != nil, s.session?.isLive == true {
                s.playing = false
                log(nil, .dim, "the episode is over: r resets, R reruns with a new seed")
            } else if s.playing {
                if s.session?.isLive == false, var session = s.session { branch(&session); s.session = session }
                if s.session?.active == nil && s.awaiting == nil { stepOnce() }
            }
        case .char("+"), .char("="): changeSpeed(+1)
        case .char("-"), .char("_"): changeSpeed(-1)
        case .char("n"), .enter: requestChunk(repredict: true)
        case .char("["), .left: scrub(-1)
        case .char("]"), .right: scrub(+1)
        case .char("{"): scrub(-10)
        case .char("}"): scrub(+10)
        case .home, .char("g"): scrub(to: 0)
        case .end, .char("G"): scrub(to: (s.session?.history.count ?? 1) - 1)
        case .char("v"):
            let all = ViewKind.allCases
            setView(all[(all.firstIndex(of: s.camera.view)! + 1) % all.count])
        case .char("1"): setView(.top)
        case .char("2"): setView(.side)
        case .char("3"): setView(.perspective)
        case .char("h"): s.camera.orbit(dAzimuth: -0.2, dElevation: 0)
        case .char("l"): s.camera.orbit(dAzimuth: 0.2, dElevation: 0)
        case .char("k"), .up: if s.camera.view == .perspective { s.camera.orbit(dAzimuth: 0, dElevation: 0.1) } else { s.camera.pan.y += 0.1 }
        case .char("j"), .down: if s.camera.view == .perspective { s.camera.orbit(dAzimuth: 0, dElevation: -0.1) } else { s.camera.pan.y -= 0.1 }
        case .char("H"): s.camera.pan.x -= 0.1
        case .char("L"): s.camera.pan.x += 0.1
        case .char("K"): s.camera.pan.y += 0.1
        case .char("J"): s.camera.pan.y -= 0.1
        case .char("z"): s.camera.zoom(by: 1.25)
        case .char("Z"): s.camera.zoom(by: 0.8)
        case .char("0"):
            if let m = s.session?.model { s.camera = Camera.defaultFor(s.camera.view, tabletop: isTabletop(m)) }
        case .char("t"): s.labels.toggle()
        case .char("a"): s.timeline.toggle()
        case .char("r"): reset()
        case .char("R"): reset(seed: s.seed &+ 1)
        case .char("i"), .char("/"): s.focus = .instruction
        case .char("e"): s.focus = .prompt
        case .tab: s.focus = .instruction
        case .backTab: s.focus = .prompt
        case .char(":"):
            s.focus = .palette
            s.palette.clear()
            s.completions = Commands.completions(for: "", s)
        case .char("?"), .function(1): s.showHelp = true
        case .char("q"): quit()
        case .pageUp: s.logScroll = min(s.logScroll + 3, max(0, s.log.count - 1))
        case .pageDown: s.logScroll = max(0, s.logScroll - 3)
        case .escape: break
        default: break
        }
    }

    /// Keys of teaching mode; false lets the key fall through to the scene keys.
    mutating func teachKey(_ k: Key) -> Bool {
        guard var session = s.session, var teach = s.teaching else { return false }
        let robot = session.model.robot
        let arm = robot.arms.first { $0.jointQ.contains(teach.joint) } ?? robot.arms[0]
        var state = session.state
        switch k {
        case .char("T"), .escape:
            s.teaching = nil
            log(nil, .info, "teaching mode off")
            return true
        case .char(let c) where c.isNumber && c != "0":
            let j = Int(String(c))! - 1
            guard j < robot.tree.dof else { return true }
            teach.joint = j
            s.teaching = teach
            reportTeach()
            return true
        case .char(","), .char("."):
            let joint = robot.tree.joints[robot.tree.movableJoints[teach.joint]]
            let v = state.q[teach.joint] + (k == .char(".") ? 0.05 : -0.05)
            state.q[teach.joint] = min(max(v, joint.lower), joint.upper)
        case .char("x"), .char("X"), .char("y"), .char("Y"), .char("u"), .char("U"):
            guard case .char(let c) = k else { return false }
            let axis: Vec3 = c.lowercased() == "x" ? Vec3(1, 0, 0) : (c.lowercased() == "y" ? Vec3(0, 1, 0) : Vec3(0, 0, 1))
            let sign: Double = c.isUppercase ? -1 : 1
            var target = arm.chain.pose(state.q)
            target.translation += axis * (0.01 * sign)
            var o = IKOptions()
            o.restarts = 0
            o.home = robot.home
            o.nullSpaceGain = 0.05
            let r = arm.chain.solveIK(target: target, initial: state.q, options: o)
            guard r.success else {
                log(nil, .warning, String(format: "IK cannot reach that target (off by %.1f mm): a limit or the workspace edge", r.positionError * 1000))
                return true
            }
            state.q = r.q
        default:
            return false
        }
        // The jogged state replaces the one shown; anything after it is dropped.
        branch(&session)
        for i in state.objects.indices { if let a = state.objects[i].heldBy { state.objects[i].pose = session.model.toolPose(state, arm: a) * state.objects[i].grip } }
        session.history[session.cursor] = state
        session.trace[session.cursor] = Session.subjects(session.model, state)
        session.active = nil
        session.prediction = .empty
        s.session = session
        reportTeach()
        return true
    }

    /// FK and the Jacobian's condition for the teaching line in the event log.
    mutating func reportTeach() {
        guard let session = s.session, let teach = s.teaching else { return }
        let robot = session.model.robot
        let q = session.state.q
        let joint = robot.tree.joints[robot.tree.movableJoints[teach.joint]]
        let arm = robot.arms.first { $0.jointQ.contains(teach.joint) } ?? robot.arms[0]
        let tool = arm.chain.pose(q)
        let cond = arm.chain.jacobianCondition(q)
        let near = cond > 50 ? " · near a singularity" : ""
        log(session.cursor, .info, String(format: "teach: %@ = %+.3f rad [%.2f, %.2f] · tool %.3f %.3f %.3f m · Jacobian condition %@%@",
                                          joint.name, q[teach.joint], joint.lower, joint.upper, tool.translation.x, tool.translation.y, tool.translation.z,
                                          cond.isFinite ? String(format: "%.1f", cond) : "∞", near))
    }

    mutating func setView(_ v: ViewKind) {
        let tabletop = s.session.map { isTabletop($0.model) } ?? true
        s.camera = Camera.defaultFor(v, tabletop: tabletop)
    }

    mutating func changeSpeed(_ d: Int) {
        let speeds = TUIDefaults.speeds
        let i = speeds.firstIndex { $0 >= s.speed } ?? speeds.count - 1
        s.speed = speeds[min(max(0, i + d), speeds.count - 1)]
    }

    mutating func paletteKey(_ k: Key) {
        switch k {
        case .escape:
            s.focus = .scene; s.palette.clear()
        case .enter:
            let text = s.palette.text.trimmingCharacters(in: .whitespaces)
            s.focus = .scene
            s.palette.clear()
            if !text.isEmpty {
                s.paletteHistory.append(text)
                run(command: text)
            }
        case .tab:
            s.palette.set(Commands.complete(s.palette.text, s))
            s.completions = Commands.completions(for: s.palette.text, s)
        case .up:
            if let last = s.paletteHistory.last { s.palette.set(last) }
        case .backspace where s.palette.isEmpty:
            s.focus = .scene
        default:
            var b = s.palette
            if edit(&b, k) { s.palette = b }
            s.completions = Commands.completions(for: s.palette.text, s)
        }
    }

    // MARK: commands

    mutating func run(command text: String) {
        let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let name = words.first?.lowercased() else { return }
        let arg = words.dropFirst().joined(separator: " ")
        let session = s.session
        func needArg(_ what: String) -> Bool {
            if arg.isEmpty { log(nil, .error, ":\(name) needs \(what)"); return false }
            return true
        }
        switch name {
        case "scene":
            guard needArg("a scene name (Tab completes)") else { return }
            fx.append(.load(LoadRequest(scene: arg, robot: nil, task: 0, seed: s.seed, policy: session?.policySpec ?? TUIDefaults.policy)))
            log(nil, .dim, "loading scene \(arg)…")
        case "robot":
            guard needArg("a robot name (Tab completes)"), let session else { return }
            fx.append(.load(LoadRequest(scene: session.sceneName, robot: arg, task: session.taskIndex, seed: s.seed, policy: session.policySpec)))
            log(nil, .dim, "loading \(session.sceneName) with \(arg)…")
        case "policy":
            guard needArg("a policy: \(PolicyResolver.help)"), let session else { return }
            fx.append(.makePolicy(spec: arg, robot: session.model.robot, cameras: session.model.cameras.map(\.name)))
        case "task":
            guard needArg("a task number"), let n = Int(arg) else { log(nil, .error, ":task needs a number, e.g. :task 1"); return }
            reset(task: n)
        case "seed":
            guard needArg("a seed"), let n = UInt64(arg) else { log(nil, .error, ":seed needs a whole number ≥ 0, e.g. :seed 3"); return }
            reset(seed: n)
        case "replan":
            if arg == "off" || arg == "0" || arg.isEmpty { s.replan = nil; log(nil, .info, "replan: when the chunk is used up") }
            else if let n = Int(arg), n > 0 { s.replan = n; log(nil, .info, "replan: every \(n) steps") }
            else { log(nil, .error, ":replan needs a number of steps ≥ 1, or off") ; return }
            refreshPrediction()
        case "view":
            guard let v = ViewKind(rawValue: arg.lowercased()) ?? (arg == "persp" || arg == "perspective" ? .perspective : nil) else {
                log(nil, .error, ":view takes top, side or 3d"); return
            }
            setView(v)
        case "speed":
            guard let v = Double(arg), v > 0, v <= 1000 else { log(nil, .error, ":speed takes steps per second, e.g. :speed 20"); return }
            s.speed = v
        case "save":
            guard needArg("a file name, e.g. :save episode.jsonl"), let session else { return }
            fx.append(.save(path: arg, text: EpisodeLogText.make(session, instruction: currentInstruction, prompt: s.prompt.text, replan: s.replan)))
        case "help", "h", "?":
            s.showHelp = true
        case "quit", "q", "exit":
            quit()
        case "labels":
            s.labels = arg != "off"
        case "load":
            guard needArg("an episode log to replay, e.g. :load episode.jsonl"), let session else { return }
            fx.append(.makePolicy(spec: "replay:" + arg, robot: session.model.robot, cameras: []))
            reset()
            log(nil, .info, "replaying \(arg): Enter or Space to start")
        default:
            let known = Commands.names
            let near = known.min { editDistance($0, name) < editDistance($1, name) }
            log(nil, .error, "unknown command :\(name)" + (near.map { " — did you mean :\($0)?" } ?? "") + " (:help lists them)")
        }
    }
}
