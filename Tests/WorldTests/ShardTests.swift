import Episode
import Testing

/// The shard rule (`--shard I/N`, docs/SCALE.md): every episode number in exactly one
/// shard, each shard's share as the rule says, and only well-formed slices accepted.
@Test func everyEpisodeFallsInExactlyOneShard() {
    for count in 1...7 {
        for total in [0, 1, 5, 18, 31] {
            var owners = Array(repeating: 0, count: total)
            for i in 0..<count {
                let shard = Shard(i, of: count)!
                let mine = Array(shard.numbers(of: total))
                #expect(mine.count == shard.share(of: total))
                #expect(mine == (0..<total).filter(shard.contains))
                #expect(mine.indices.allSatisfy { mine[$0] == shard.number(local: $0) })
                for k in mine { owners[k] += 1 }
            }
            #expect(owners.allSatisfy { $0 == 1 }, "\(count) shards of \(total)")
        }
    }
}

@Test func shardsParseOnlyIOfN() {
    #expect(Shard(parsing: "3/10") == Shard(3, of: 10))
    #expect(Shard(parsing: "0/1") == .whole)
    for bad in ["10/10", "-1/4", "1/0", "1", "1/2/3", "a/b", "", "1/"] { #expect(Shard(parsing: bad) == nil, "\(bad)") }
    #expect(Shard(3, of: 10)?.description == "3/10")
}
