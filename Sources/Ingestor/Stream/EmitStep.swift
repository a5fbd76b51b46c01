import ChainKit
import Hiredis
import Pipeline

/// One ledger step, prepared: blocks (ascending, the first a child of `cursor`) with their stream entries already
/// encoded as `XADD` commands. Preparing is plain CPU work with no Redis state, so the writer prepares the next
/// step while Redis takes this one.
struct EmitStep: Sendable {
    let blocks: [EmitBlock]
    let cursor: ChainCursor?
    /// Per block, per log: its `XADD`.
    let appends: [[[RedisArgument]]]
    let seenKeys: [RedisArgument]
    /// Stored blocks leaving the window with this step: their hashes are read, to drop their dedup sets.
    let stored: [UInt64]
    /// The step's own blocks that leave the window within it (a step longer than the window): written and
    /// forgotten at once, only their log entries remain.
    let forgotten: Set<UInt64>
    private let keys: RedisKeys
    private let chainID: UInt64
    private let canonicalKey: RedisArgument

    var newest: EmitBlock? { blocks.last }
    var logCount: Int { blocks.reduce(0) { $0 + $1.logs.count } }

    init(_ blocks: [EmitBlock], after cursor: ChainCursor?, keys: RedisKeys, chainID: UInt64, windowSize: UInt64) {
        self.blocks = blocks
        self.cursor = cursor
        self.keys = keys
        self.chainID = chainID
        canonicalKey = RedisArgument(keys.canonical(chain: chainID))
        var leaving: [UInt64] = []
        var previous = cursor?.number
        for block in blocks {
            if let range = CanonicalWindow.leaving(after: previous, appending: block.number, size: windowSize) {
                leaving += range
            }
            previous = block.number
        }
        let numbers = Set(blocks.map(\.number))
        stored = leaving.filter { !numbers.contains($0) }
        forgotten = Set(leaving).intersection(numbers)
        seenKeys = blocks.map { RedisArgument(keys.seen(chain: chainID, blockHash: $0.hash.description)) }
        let stream = RedisArgument(keys.stream)
        appends = blocks.map { block in
            block.logs.map { log in
                let fields = StreamEntry(kind: .log, chainID: chainID, log: log).fields
                var command: [RedisArgument] = ["XADD", stream, "*"]
                command.reserveCapacity(3 + fields.count)
                for field in fields { command.append(RedisArgument(field)) }
                return command
            }
        }
    }

    /// What the transaction reads besides the lease and cursor: each block's dedup set, the leaving hashes.
    var reads: [[RedisArgument]] {
        var reads = seenKeys.map { ["SMEMBERS", $0] }
        if !stored.isEmpty { reads.append(["HMGET", canonicalKey] + stored.map { RedisArgument($0) }) }
        return reads
    }

    /// The step's writes, given the replies to `reads`: the logs not seen yet, the dedup sets (expiring after
    /// `ttl` seconds), the window's new and leaving blocks, the cursor; and, as the outcome, how many logs are appended.
    func commands(reading replies: [RedisReply], ttl: Int) -> (commands: [[RedisArgument]], outcome: Int) {
        var commands: [[RedisArgument]] = []
        var appended = 0
        var canonical = ["HSET", canonicalKey]
        for (position, block) in blocks.enumerated() {
            var seen = Set(replies[position].array?.compactMap(\.string) ?? [])
            for (log, append) in zip(block.logs, appends[position]) where seen.insert(String(log.logIndex)).inserted {
                commands.append(append)
                appended += 1
            }
            if forgotten.contains(block.number) {
                commands.append(["DEL", seenKeys[position]])
                continue
            }
            if !block.logs.isEmpty {
                commands.append(["SADD", seenKeys[position]] + block.logs.map { RedisArgument($0.logIndex) })
                commands.append(["EXPIRE", seenKeys[position], RedisArgument(ttl)])
            }
            canonical += [RedisArgument(block.number), RedisArgument(block.hash.description)]
        }
        if canonical.count > 2 { commands.append(canonical) }
        let hashes = stored.isEmpty ? [] : replies[blocks.count].array ?? []
        let gone = zip(stored, hashes).compactMap { number, hash in hash.string.map { (number, $0) } }
        if !gone.isEmpty {
            commands.append(["HDEL", canonicalKey] + gone.map { RedisArgument($0.0) })
            commands.append(["DEL"] + gone.map { RedisArgument(keys.seen(chain: chainID, blockHash: $0.1)) })
        }
        if let newest {
            commands.append(IngestLedger.move(keys.cursor(chain: chainID), to: newest.number, newest.hash))
        }
        return (commands, appended)
    }
}
