import Episode
import Remote
import Spatial

// A policy pool's summary (`--policy ws://a,ws://b`, docs/SCALE.md): figures per server,
// added up over the episodes in whatever order they finished.

/// One server of a policy pool, as the summary shows it.
struct PolicyPoolRow: Codable, Equatable {
    var server: String
    /// Episodes that finished on this server.
    var episodes: Int
    var requests: Int
    var latency_ms_mean: Double?
    var latency_ms_p95: Double?
    /// Episodes that were running here when it dropped, and ran again on another server.
    var episodes_moved: Int
    /// Why it was taken out of the rotation; nil while it served to the end.
    var dropped: String?

    static func summaryTable(_ rows: [PolicyPoolRow]) -> String {
        table(["SERVER", "EPISODES", "REQUESTS", "LATENCY MEAN", "P95", "MOVED", "STATE"], rows.map {
            [$0.server, "\($0.episodes)", "\($0.requests)", $0.latency_ms_mean.map { fmt($0, 1) + " ms" } ?? "-",
             $0.latency_ms_p95.map { fmt($0, 1) + " ms" } ?? "-", "\($0.episodes_moved)",
             $0.dropped.map { "dropped: " + String($0.prefix(80)) } ?? "up"]
        })
    }
}

/// A pool's per-server figures, added up over episodes (in any order).
struct PoolTally: Sendable {
    var episodes: [Int], requests: [Int], moved: [Int], latencies: [[Double]]

    init(servers: Int) {
        episodes = Array(repeating: 0, count: servers); requests = episodes; moved = episodes
        latencies = Array(repeating: [], count: servers)
    }

    mutating func add(_ stats: RemoteStats?, server: Int, finished: Bool) {
        if finished { episodes[server] += 1 } else { moved[server] += 1 }
        requests[server] += stats?.requests ?? 0
        latencies[server] += stats?.roundTripsMs ?? []
    }

    mutating func merge(_ o: PoolTally) {
        for i in episodes.indices {
            episodes[i] += o.episodes[i]; requests[i] += o.requests[i]; moved[i] += o.moved[i]; latencies[i] += o.latencies[i]
        }
    }

    func rows(_ pool: PolicyPool) -> [PolicyPoolRow] {
        let dropped = pool.dropped
        return pool.endpoints.indices.map { i in
            let l = latencies[i].sorted()
            return PolicyPoolRow(server: pool.endpoints[i], episodes: episodes[i], requests: requests[i],
                                 latency_ms_mean: l.isEmpty ? nil : l.reduce(0, +) / Double(l.count),
                                 latency_ms_p95: l.isEmpty ? nil : l[min(l.count - 1, clampedInt(0.95 * Double(l.count), .towardZero))],
                                 episodes_moved: moved[i], dropped: dropped[i])
        }
    }
}
