import ChainKit
import Hiredis
import Pipeline

/// A chain's ingestion state in Redis — cursor, canonical window, dedup sets — and the only writer of the stream
/// for that chain. Every write goes through `LedgerScripts` with the lease's fencing value.
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

    /// Appends `blocks` (ascending, the first a descendant of `cursor`) in one atomic step; returns entries added.
    func emit(_ blocks: [EmitBlock], after cursor: ChainCursor?, lease: String) async throws -> Int {
        var keys = [
            self.keys.stream, self.keys.cursor(chain: chainID), self.keys.canonical(chain: chainID),
            self.keys.lease(chain: chainID),
        ]
        var arguments = [
            lease, cursor?.hash.description ?? "", String(windowSize), String(seenTTLSeconds), seenPrefix,
            String(blocks.count),
        ]
        for block in blocks {
            keys.append(self.keys.seen(chain: chainID, blockHash: block.hash.description))
            arguments += [String(block.number), block.hash.description, String(block.logs.count)]
            for log in block.logs {
                let fields = StreamEntry(kind: .log, chainID: chainID, log: log).fields
                arguments += [String(log.logIndex), String(fields.count)] + fields
            }
        }
        let reply = try await run(LedgerScripts.emit, keys: keys, arguments: arguments)
        let added = Int(reply.int ?? 0)
        metrics.ingested(logs: added)
        return added
    }

    /// Takes the orphaned cursor block out: `removed` entries (newest log first) for the logs it had emitted,
    /// the cursor back to its parent. Returns how many emitted logs had no entry in `logs` (should be 0).
    func remove(orphan: ChainCursor, parentHash: Hash32, logs: [Log], lease: String) async throws -> Int {
        let keys = [
            self.keys.stream, self.keys.cursor(chain: chainID), self.keys.canonical(chain: chainID),
            self.keys.lease(chain: chainID), self.keys.seen(chain: chainID, blockHash: orphan.hash.description),
        ]
        var arguments = [
            lease, orphan.hash.description, String(orphan.number), parentHash.description, String(logs.count),
        ]
        for log in logs.sorted(by: { $0.logIndex > $1.logIndex }) {
            let fields = StreamEntry(kind: .removed, chainID: chainID, log: log).fields
            arguments += [String(log.logIndex), String(fields.count)] + fields
        }
        let reply = try await run(LedgerScripts.remove, keys: keys, arguments: arguments)
        return Int(reply.int ?? 0)
    }

    /// The seen key of a block without its hash: the script appends the hash of a block leaving the window.
    private var seenPrefix: String { keys.seen(chain: chainID, blockHash: "") }

    private func run(_ script: RedisScript, keys: [String], arguments: [String]) async throws -> RedisReply {
        do {
            return try await redis.evaluate(
                script, keys: keys.map { RedisArgument($0) }, arguments: arguments.map { RedisArgument($0) })
        } catch let error as RedisError where error.serverErrorPrefix == "EVMHOOKFENCED" {
            throw Refusal(fenced: true, description: error.message)
        } catch let error as RedisError where error.serverErrorPrefix == "EVMHOOKCURSOR" {
            throw Refusal(fenced: false, description: error.message)
        }
    }
}
