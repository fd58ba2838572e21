import Episode
import Foundation
import Kinematics
import Policy
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
            s.connection = PolicySpec.isRemote(h.spec) ? .idle : nil
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
}
