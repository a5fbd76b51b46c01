import ChainKit
import Hiredis
import Pipeline

/// A chain's ingestion state in Redis — cursor, canonical window, dedup sets — and the only writer of the stream
/// for that chain. Every write is one atomic step (`MULTI`/`EXEC`, which Redis's AOF also logs as one) that checks
/// the lease's fencing value and the cursor first, so a crash at any instant, of the Ingestor or of Redis, leaves
/// either all of a step or none of it, and a leader that lost its lease cannot write.
struct IngestLedger: Sendable {
    let redis: RedisConnection
    let keys: RedisKeys
    let chainID: UInt64
    let windowSize: UInt64
    /// How long a block's dedup set lives: a safety net only, as the set is deleted when its block leaves the
    /// window (or is orphaned); it must outlast the window, which at 1 s blocks and 256 blocks is minutes.
    let seenTTLSeconds: Int
    let metrics: IngestMetrics

    /// Why the ledger refused a write: the lease was lost, or the cursor is not where this writer thought.
    struct Refusal: Error, CustomStringConvertible {
        let fenced: Bool
        let description: String
    }

    /// The cursor and window as stored (none on a fresh chain).
    func load() async throws -> (cursor: ChainCursor?, window: CanonicalWindow) {
        let replies = try await redis.pipeline([
            ["HMGET", keys.cursor(chain: chainID), "number", "hash"],
            ["HGETALL", keys.canonical(chain: chainID)],
        ])
        var cursor: ChainCursor?
        if let parts = replies[0].array, parts.count == 2, let number = parts[0].int.map(UInt64.init),
            let text = parts[1].string, let hash = try? Hash32(hex: text)
        {
            cursor = ChainCursor(number: number, hash: hash)
        }
        var window = CanonicalWindow(size: windowSize)
        let flat = replies[1].array ?? []
        for pair in stride(from: 0, to: flat.count - 1, by: 2) {
            if let number = flat[pair].string.flatMap(UInt64.init), let text = flat[pair + 1].string,
                let hash = try? Hash32(hex: text)
            {
                window.append(number: number, hash: hash)
            }
        }
        return (cursor, window)
    }

    /// `blocks` (ascending, the first a descendant of `cursor`) made ready for `emit`.
    func prepare(_ blocks: [EmitBlock], after cursor: ChainCursor?) -> EmitStep {
        EmitStep(blocks, after: cursor, keys: keys, chainID: chainID, windowSize: windowSize)
    }

    /// Appends a prepared step's blocks in one atomic step; returns entries added.
    ///
    /// One optimistic transaction: the lease, the cursor, the blocks' dedup sets and the hashes of the blocks
    /// leaving the window are read under `WATCH`; then `MULTI` … `EXEC` appends the logs not seen yet, records them
    /// as seen, moves the window and the cursor. A lease taken over or a cursor moved in between discards it all.
    func emit(_ step: EmitStep, lease: String) async throws -> Int {
        guard !step.blocks.isEmpty else { return 0 }
        let ttl = seenTTLSeconds
        let added = try await write(reads: step.reads, lease: lease, expecting: step.cursor) {
            step.commands(reading: $0, ttl: ttl)
        }
        metrics.ingested(logs: added)
        return added
    }

    /// Prepares and appends `blocks` (ascending, the first a descendant of `cursor`); returns entries added.
    func emit(_ blocks: [EmitBlock], after cursor: ChainCursor?, lease: String) async throws -> Int {
        try await emit(prepare(blocks, after: cursor), lease: lease)
    }

    /// Takes the orphaned cursor block out: `removed` entries (newest log first) for the logs it had emitted,
    /// the cursor back to its parent. Returns how many emitted logs had no entry in `logs` (should be 0).
    func remove(orphan: ChainCursor, parentHash: Hash32, logs: [Log], lease: String) async throws -> Int {
        let (keys, chainID) = (self.keys, chainID)
        let seenKey = RedisArgument(keys.seen(chain: chainID, blockHash: orphan.hash.description))
        let removals = logs.sorted { $0.logIndex > $1.logIndex }.map { log in
            (
                String(log.logIndex),
                ["XADD", RedisArgument(keys.stream), "*"]
                    + StreamEntry(kind: .removed, chainID: chainID, log: log).fields.map { RedisArgument($0) }
            )
        }
        return try await write(reads: [["SMEMBERS", seenKey]], lease: lease, expecting: orphan) { replies in
            var emitted = Set(replies[0].array?.compactMap(\.string) ?? [])
            var commands = removals.compactMap { index, append in emitted.remove(index).map { _ in append } }
            commands.append(["DEL", seenKey])
            commands.append(["HDEL", RedisArgument(keys.canonical(chain: chainID)), RedisArgument(orphan.number)])
            commands.append(Self.move(keys.cursor(chain: chainID), to: orphan.number - 1, parentHash))
            return (commands, emitted.count)
        }
    }

    static func move(_ cursorKey: String, to number: UInt64, _ hash: Hash32) -> [RedisArgument] {
        ["HSET", RedisArgument(cursorKey), "number", RedisArgument(number), "hash", RedisArgument(hash.description)]
    }

    /// Runs one ledger step: reads the lease and cursor with `reads` under `WATCH`, refuses when the lease is not
    /// held with `lease` or the cursor is not `cursor`, else runs the commands `plan` makes of the reads' replies.
    /// A watched key that changed in between (another writer, or this one's lease renewal) means: read again.
    private func write<Outcome: Sendable>(
        reads: [[RedisArgument]], lease: String, expecting cursor: ChainCursor?,
        plan: @escaping @Sendable ([RedisReply]) -> (commands: [[RedisArgument]], outcome: Outcome)
    ) async throws -> Outcome {
        let leaseKey = RedisArgument(keys.lease(chain: chainID))
        let cursorKey = RedisArgument(keys.cursor(chain: chainID))
        for _ in 0..<Self.writeAttempts {
            let (outcome, replies) = try await redis.watching(
                [leaseKey, cursorKey], reads: [["GET", leaseKey], ["HMGET", cursorKey, "number", "hash"]] + reads
            ) { replies in
                try Self.check(lease: replies[0], held: lease, cursor: replies[1], at: cursor)
                return plan(Array(replies.dropFirst(2)))
            }
            guard let replies else { continue }
            if let failure = replies.lazy.compactMap(\.errorMessage).first {
                throw Refusal(fenced: false, description: "a command of the step failed: \(failure)")
            }
            return outcome
        }
        throw Refusal(fenced: false, description: "the lease or cursor kept changing while writing")
    }

    /// Watched keys that change under a step are rare (a lease renewal, a takeover): a few reads settle it.
    private static let writeAttempts = 5

    private static func check(lease: RedisReply, held value: String, cursor: RedisReply, at expected: ChainCursor?)
        throws(Refusal)
    {
        guard lease.string == value else {
            throw Refusal(fenced: true, description: "the lease is not held with this fencing token")
        }
        let stored = cursor.array ?? []
        let number = stored.first?.string ?? ""
        let hash = stored.count > 1 ? stored[1].string ?? "" : ""
        guard hash == expected?.hash.description ?? "", number == expected.map({ String($0.number) }) ?? "" else {
            throw Refusal(
                fenced: false,
                description:
                    "the cursor is at \(hash.isEmpty ? "none" : "#\(number) \(hash)"), not \(expected?.description ?? "none")"
            )
        }
    }
}
