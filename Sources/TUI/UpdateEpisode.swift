import Episode
import Foundation
import Kinematics
import Policy
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
        guard judge(&session) else {
            s.playing = false
            s.pendingSteps = 0
            s.session = session
            return
        }
        if repredict && !session.prediction.paths.isEmpty { session.ghost = session.prediction }
        var request = session.episode.request(instruction: currentInstruction, embodimentPrompt: s.prompt.text, for: session.policy)
        request.sampling = s.sampling
        let ticket = s.nextTicket
        s.nextTicket += 1
        s.awaiting = ticket
        s.session = session
        fx.append(.requestChunk(ticket: ticket, policy: PolicyHandle(policy: session.policy, spec: session.policySpec), request: request))
    }

    /// The typed instruction decides what the episode is judged by: it is read when it
    /// changes (EpisodeRules.judgedTask). A refused one stops here, before anything moves.
    mutating func judge(_ session: inout Session) -> Bool {
        let instruction = currentInstruction
        guard instruction != session.judgedInstruction else { return session.refusal == nil }
        let (task, reading) = EpisodeRules.judgedTask(instruction, model: session.model, initial: session.history[0], taskIndex: session.taskIndex)
        session.episode.task = task
        session.reading = reading
        session.judgedInstruction = instruction
        session.refusal = reading?.refusal
        if let refusal = reading?.refusal {
            log(session.cursor, .error, "refused: \(refusal) — nothing moved; i edits the instruction")
            return false
        }
        let grounding = reading.map(\.groundingText) ?? ""
        log(session.cursor, .info, "judging \(task.goalText)" + (grounding.isEmpty ? "" : " · \(grounding)"))
        return true
    }

    /// Drops the history after the cursor so the episode goes on from there.
    mutating func branch(_ session: inout Session) {
        guard !session.isLive else { return }
        let dropped = session.history.count - 1 - session.cursor
        session.episode.truncate(after: session.cursor)
        session.trace.removeLast(dropped)
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
            for note in chunk.notes { log(step, .info, "\(session.policySpec): \(note)") }
            // The one refusal rule (Episode.receive → EpisodeRules): a chunk with any action the
            // controller would refuse is refused whole; nothing changes and play pauses.
            switch session.episode.receive(chunk) {
            case .refused(let problem):
                s.playing = false
                s.pendingSteps = 0
                session.chunkRefusal = problem
                s.session = session
                log(step, .error, "\(problem) — paused, the world is untouched")
                return
            case .empty:
                // The policy is done.
                session.outcome = session.verdict(policyFinished: true)
                s.session = session
                s.pendingSteps = 0
                announce()
                refreshPrediction()
                return
            case .accepted:
                session.chunkRefusal = nil
                // What a sampling policy also drew, and how its flow got there.
                let from = session.state
                session.samplePaths = chunk.samples.flatMap { ChunkPreview.predict(session.model, from: from, actions: $0[...]).paths }
                session.denoising = chunk.denoising
                session.denoiseStep = nil
                s.session = session
            }
            let ms = chunk.remote.map { " in \($0.summary)" + ($0.connects > 0 ? ", connected" : "") }
                ?? chunk.inferenceMs.map { String(format: " in %.0f ms", $0) } ?? ""
            log(step, .dim, "chunk \(session.chunks.count - 1): \(chunk.actions.count)×\(layout.count) actions\(ms)\(chunk.done ? ", last" : "")")
            refreshPrediction()
            // A re-predict that draws the same chunk: say so, as a ghost on top of it shows nothing.
            if var session = s.session, let ghost = session.ghost, ghost.paths == session.prediction.paths, !ghost.paths.isEmpty {
                session.ghost = nil
                s.session = session
                log(step, .info, "\(session.policySpec) predicted the same chunk again: it is deterministic from this state (a sampling policy would differ)")
            }
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
        if session.episode.needsChunk(replan: s.replan) {
            if session.episode.policyFinished {
                session.outcome = session.verdict(policyFinished: true)
                    ?? Outcome(success: false, reason: "the policy finished", step: session.stepCount)
                s.session = session
                announce()
                return
            }
            s.pendingSteps += 1
            requestChunk(repredict: false)
            return
        }
        let n = session.stepCount
        switch session.episode.step() {
        case .needsChunk:
            return   // needsChunk said otherwise; nothing to do
        case .refused(_, let r):
            s.playing = false
            s.session = session
            refreshPrediction()
            log(n, .error, "refused: \(r.events.first?.message ?? "the controller refused the action") — paused, the world is untouched")
        case .stepped(let info):
            session.trace.append(Session.subjects(session.model, info.result.state))
            session.cursor = session.history.count - 1
            session.outcome = session.verdict(policyFinished: session.episode.policyFinished)
            s.session = session
            logEvents(n + 1, info.events)
            if session.outcome != nil { announce() }
            refreshPrediction()
        }
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
            case .grasp, .release, .stop, .articulation: log(step, .event, e.description)
            case .settle, .push: log(step, .dim, e.description)
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
