import Dispatch
import Policy
import Remote

/// Runs the effects that ask a policy for a chunk and turns the answers into
/// events: the one place this happens, for the program loop, the TUI tests and
/// `vlaplay bench tui`.
public enum EffectDriver {
    /// Asks the policy of a `requestChunk` effect and returns its answer as the
    /// event `update` expects (with `timed`, timed when the policy does not time
    /// itself; a remote failure says whether the connection went with it).
    public static func answer(ticket: Int, handle: PolicyHandle, request: PolicyRequest, timed: Bool = true) async -> Event {
        let t0 = DispatchTime.now().uptimeNanoseconds
        do {
            var chunk = try await handle.policy.act(request)
            if timed && chunk.inferenceMs == nil { chunk.inferenceMs = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6 }
            return .chunk(ticket: ticket, .success(chunk))
        } catch {
            let lost = (error as? RemoteError)?.connectionLost ?? false
            return .chunk(ticket: ticket, .failure(Failure("\(error)", connectionLost: lost)))
        }
    }

    /// Sends `events` to `update` in order, answering every chunk request before
    /// the next event (as a program loop with a fast policy would); returns the
    /// state and the other effects asked for (loads, saves, quit), not run.
    /// Chunks are not timed here, so frames do not depend on the clock (snapshots).
    public static func drive(_ s: AppState, _ events: [Event]) async -> (AppState, [Effect]) {
        var state = s
        var other: [Effect] = []
        for e in events {
            let (next, fx) = update(state, e)
            let (settled, rest) = await settle(next, fx)
            state = settled
            other += rest
        }
        return (state, other)
    }

    /// Runs the chunk requests among `effects` (and those their answers ask for)
    /// until none is left; returns the state and the other effects.
    public static func settle(_ s: AppState, _ effects: [Effect]) async -> (AppState, [Effect]) {
        var state = s
        var queue = effects
        var other: [Effect] = []
        while !queue.isEmpty {
            let effect = queue.removeFirst()
            guard case .requestChunk(let ticket, let handle, let request) = effect else { other.append(effect); continue }
            let (next, fx) = update(state, await answer(ticket: ticket, handle: handle, request: request, timed: false))
            state = next
            queue += fx
        }
        return (state, other)
    }
}
