/// One slice of a batch of episodes (`--shard I/N`), so that N machines can each run
/// one slice, anywhere and in any order, and the slices together are the whole batch.
///
/// The rule: a batch numbers its episodes 0, 1, 2, … in its own fixed order (eval:
/// scene, then task, then seed; record: attempt number), and shard I of N takes the
/// episodes whose number k has k mod N == I. Dealing in turn rather than in blocks
/// spreads slow tasks (a long-horizon scene) over every shard. I counts from 0, as
/// Slurm's SLURM_ARRAY_TASK_ID and Kubernetes' JOB_COMPLETION_INDEX do (docs/SCALE.md).
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    /// The whole batch: one shard of one.
    public static let whole = Shard(unchecked: 0, of: 1)

    public init?(_ index: Int, of count: Int) {
        guard count >= 1, (0..<count).contains(index) else { return nil }
        self.index = index
        self.count = count
    }

    private init(unchecked index: Int, of count: Int) { self.index = index; self.count = count }

    /// Reads `I/N`, e.g. `3/10`; nil for anything else.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else { return nil }
        self.init(i, of: n)
    }

    public static let syntaxHelp = "I/N with 0 ≤ I < N, e.g. 0/4 … 3/4: shard I runs the episodes whose number k has k mod N = I"

    /// Whether episode number `k` of the batch is this shard's.
    public func contains(_ k: Int) -> Bool { k % count == index }

    /// This shard's episode numbers out of `total`, in order.
    public func numbers(of total: Int) -> StrideTo<Int> { stride(from: index, to: total, by: count) }

    /// The k-th episode number of this shard (its local number `local`, 0-based).
    public func number(local: Int) -> Int { index + local * count }

    /// How many of `total` episodes fall to this shard.
    public func share(of total: Int) -> Int { total / count + (index < total % count ? 1 : 0) }

    public var description: String { "\(index)/\(count)" }
}
