import Episode
import Foundation
import Kinematics
import Policy
import Render
import Spatial
import World

/// Installing a loaded scene, resets, and the instruction and prompt that follow them.
extension Updater {
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
        s.connection = PolicySpec.isRemote(l.policy.spec) ? .idle : nil
        s.sceneNames = l.sceneNames
        s.robotNames = l.robotNames
        s.seed = req.seed
        s.policyNote = l.policy.note
        s.playing = false
        s.awaiting = nil
        s.pendingSteps = 0
        s.camera = Camera.defaultFor(s.camera.view, tabletop: isTabletop(model))
        let hz = l.robot.control.frequencyHz
        s.controlHz = hz
        s.speed = hz * TUIDefaults.defaultMultiple(hz: hz)
        s.instruction.set(model.scene.tasks[task].instruction)
        s.promptEdited = false
        regeneratePrompt()
        s.focus = .scene
        s.editBackup = nil
        s.status = ""
        // A new scene starts a new event log (a saved session keeps its own episode log).
        s.log = []
        s.logScroll = 0
        log(nil, .info, "\(l.sceneName) task \(task) · \(l.robot.name) · policy \(l.policy.spec) · seed \(req.seed)")
        if let note = l.policy.note { log(nil, .warning, note) }
        log(nil, .dim, "p plays · Enter predicts a chunk · Space steps · i edits the instruction · e the prompt · ? keys")
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
            s.instruction.set(model.scene.tasks[t].instruction)
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

    var currentInstruction: String { TUI.currentInstruction(s) }
}

/// The instruction in effect: the typed one, or the scene task's when the line is empty.
func currentInstruction(_ s: AppState) -> String {
    let t = s.instruction.text.trimmingCharacters(in: .whitespaces)
    return t.isEmpty ? (s.session?.sceneTask.instruction ?? "") : t
}
