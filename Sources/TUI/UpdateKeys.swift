import Episode
import Foundation
import Kinematics
import Policy
import Render
import Spatial
import World

/// Keys by focus: the scene, the instruction and prompt editors, the command palette.
extension Updater {
    mutating func key(_ k: Key) {
        if k == .ctrl("c") || k == .ctrl("q") { quit(); return }
        // A window too small to draw says "(q quits)": so q quits, even while editing.
        if k == .char("q"), Layout.compute(width: s.width, height: s.height, focus: s.focus).tooSmall { quit(); return }
        if s.showHelp {
            switch k {
            case .down, .char("j"): s.helpScroll = min(s.helpScroll + 1, 80)
            case .up, .char("k"): s.helpScroll = max(0, s.helpScroll - 1)
            case .pageDown, .char(" "): s.helpScroll = min(s.helpScroll + 10, 80)
            case .pageUp: s.helpScroll = max(0, s.helpScroll - 10)
            case .char("q"): quit()
            default: s.showHelp = false; s.helpScroll = 0
            }
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
            if s.instruction.text.trimmingCharacters(in: .whitespaces).isEmpty, let t = s.session?.sceneTask.instruction { s.instruction.set(t) }
            s.instruction.selected = false
            if !s.promptEdited { regeneratePrompt() }
            s.editBackup = nil
            s.focus = .scene
            guard s.session != nil else { return }
            log(s.session?.cursor, .info, "instruction: \(currentInstruction)")
            if s.awaiting == nil { requestChunk(repredict: true) }
        case .escape:
            // Leave and put the text back as it was.
            if let backup = s.editBackup { s.instruction.set(backup.text) }
            s.instruction.selected = false
            s.editBackup = nil
            s.focus = .scene
        case .tab: s.instruction.selected = false; beginEditing(.prompt)
        case .backTab: s.instruction.selected = false; s.editBackup = nil; s.focus = .scene
        default:
            var b = s.instruction
            if edit(&b, k) { s.instruction = b }
        }
    }

    mutating func promptKey(_ k: Key) {
        let width = Layout.compute(width: s.width, height: s.height, focus: .prompt).promptTextWidth
        switch k {
        case .escape:
            // Leave and put the prompt back as it was.
            if let backup = s.editBackup {
                s.prompt.set(backup.text)
                s.promptEdited = backup.promptEdited
                relint()
            }
            s.editBackup = nil
            s.focus = .scene
        case .enter, .tab: s.editBackup = nil; s.focus = .scene
        case .backTab: beginEditing(.instruction)
        case .ctrl("r"):
            s.promptEdited = false
            regeneratePrompt()
            log(nil, .info, "embodiment prompt reset to the robot's default")
        case .ctrl("p"):
            s.editBackup = nil
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

    /// Starts editing a field: its text is kept so Esc can put it back; the instruction
    /// is selected whole, so typing replaces it and the arrows keep it.
    mutating func beginEditing(_ field: Focus) {
        switch field {
        case .instruction:
            s.editBackup = (s.instruction.text, s.promptEdited)
            s.instruction.set(s.instruction.text, selected: true)
        case .prompt:
            s.editBackup = (s.prompt.text, s.promptEdited)
        default: break
        }
        s.focus = field
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
        case .char("a"): s.timeline.toggle(); s.showCamera = false
        case .char("d"):
            // Step through the flow: noise → … → the chunk, then back to normal.
            guard var session = s.session else { return }
            guard session.denoising.count > 1 else {
                log(nil, .dim, "\(session.policySpec) does not show a denoising path (a flow policy such as minivla does)"); return
            }
            let next = (session.denoiseStep ?? -1) + 1
            session.denoiseStep = next < session.denoising.count ? next : nil
            s.session = session
        case .char("c"):
            // Off → the first camera → the next … → off.
            let count = s.session?.model.cameras.count ?? 0
            if !s.showCamera { s.showCamera = true; s.cameraIndex = 0 }
            else if s.cameraIndex + 1 < count { s.cameraIndex += 1 }
            else { s.showCamera = false }
        case .char("r"): reset()
        case .char("R"): reset(seed: s.seed &+ 1)
        case .char("i"), .char("/"), .tab: beginEditing(.instruction)
        case .char("e"), .backTab: beginEditing(.prompt)
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

    mutating func setView(_ v: ViewKind) {
        let tabletop = s.session.map { isTabletop($0.model) } ?? true
        s.camera = Camera.defaultFor(v, tabletop: tabletop)
    }

    mutating func changeSpeed(_ d: Int) {
        let speeds = TUIDefaults.multiples.map { $0 * s.controlHz }
        let i = speeds.firstIndex { $0 >= s.speed - 1e-9 } ?? speeds.count - 1
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
}
