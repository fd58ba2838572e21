import Episode
import Foundation
import Kinematics
import Policy
import Remote
import Render
import Spatial
import World

/// The episode a user drives: chunk requests, the refusal rule, stepping, verdicts, the dry-run worm and time travel.
extension Updater {
    /// Asks the policy for a chunk from the shown state.
    mutating func requestChunk(repredict: Bool) {
        guard var session = s.session else { return }
        if session.outcome != nil && session.isLive { log(nil, .dim, "the episode is over: r resets, R reruns with a new seed"); return }
        branch(&session)
        if repredict && !session.prediction.paths.isEmpty { session.ghost = session.prediction }
        let state = session.state
        let request = PolicyRequest(instruction: currentInstruction, embodimentPrompt: s.prompt.text,
                                    observation: .of(session.model, state, for: session.policy))
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
            // The one refusal rule (EpisodeRules): a chunk with any action the controller
            // would refuse is refused whole; the world stays as it was and play pauses.
            let problem: String? = chunk.actions.isEmpty ? (chunk.done ? nil : "the policy returned no actions")
                : EpisodeRules.refusal(of: chunk.actions, robot: session.model.robot)
            for note in chunk.notes { log(step, .info, "\(session.policySpec): \(note)") }
            if let problem {
                s.playing = false
                s.pendingSteps = 0
                s.session = session
                log(step, .error, "\(problem) — paused, the world is untouched")
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
            session.prediction = ChunkPreview.predict(session.model, from: session.state, actions: slice)
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
}
