import ChainKit
import Foundation
import Ingestor
import Logging
import Pipeline
import Processor

/// Compares one chunk of canonical blocks with the delivery records: the jobs the Processor would build for its
/// logs (its `JobBuilder`, so its matching and webhook ids) against the 2xx attempts, and the 2xx `evm.log`
/// attempts recorded at these heights against the canonical hashes.
struct ChunkComparison: Sendable {
    /// A chunk's findings, with the jobs that would deliver what is missing.
    struct Found: Sendable {
        var chunk: Reconciler.Chunk
        /// By webhook id, for the missing ones only.
        var jobs: [String: DeliveryJob]
    }

    let configuration: Reconciler.Configuration
    let node: NodeClient
    let records: DeliveryRecords
    let index: SubscriptionIndex
    let endpoints: Set<UUID>
    /// Webhook ids of the jobs in Redis when the run started.
    let queued: Set<String>
    let logger: Logger

    /// Jobs stamped now: what `--fix` enqueues starts its delivery latency now.
    var builder: JobBuilder {
        JobBuilder(index: index, enqueuedAt: UInt64(Date().timeIntervalSince1970 * 1_000))
    }

    /// - Parameter logs: every log of `blocks`, canonical, with its block timestamp.
    func compare(_ blocks: ClosedRange<UInt64>, logs: [Log]) async throws -> Found {
        let builder = self.builder
        var due: [String: (job: DeliveryJob, log: Log)] = [:]
        var canonical: [UInt64: String] = [:]
        for log in logs {
            canonical[log.blockNumber] = log.blockHash.description
            for job in builder.jobs(for: StreamEntry(kind: .log, chainID: configuration.chainID, log: log)) {
                due[job.webhookID] = (job, log)
            }
        }
        // Found by height first (one range scan of the chunk); the few ids left are looked up by webhook id, for
        // the attempts recorded without their event (before migration 0004, or a body of another shape).
        let recorded = try await records.delivered(
            chainID: configuration.chainID, blocks: blocks, endpoints: endpoints)
        let deliveredInRange = Set(recorded.map(\.webhookID))
        let unseen = due.keys.filter { !deliveredInRange.contains($0) }
        let deliveredByID = try await records.delivered(unseen)
        let missingIDs = unseen.filter { !deliveredByID.contains($0) }
        let dead = try await records.deadLettered(missingIDs)
        var jobs: [String: DeliveryJob] = [:]
        var missing: [MissingDelivery] = []
        for id in missingIDs {
            guard let (job, log) = due[id] else { continue }
            let state: MissingDelivery.State =
                queued.contains(id) ? .pending : dead.contains(id) ? .deadLettered : .absent
            missing.append(
                MissingDelivery(
                    endpointID: job.endpointID, webhookID: id, blockNumber: log.blockNumber,
                    blockHash: log.blockHash.description, logIndex: log.logIndex, state: state))
            jobs[id] = job
        }
        missing.sort { ($0.blockNumber, $0.logIndex, $0.webhookID) < ($1.blockNumber, $1.logIndex, $1.webhookID) }
        let orphans = try await orphans(recorded, canonical: canonical)
        return Found(
            chunk: Reconciler.Chunk(blocks: blocks, due: due.count, missing: missing, orphans: orphans), jobs: jobs)
    }

    /// The `evm.log` deliveries among `delivered` for a hash that is not the canonical one, without a delivered
    /// removal.
    ///
    /// - Parameter canonical: the canonical hashes known from the chunk's logs; heights without logs are asked for.
    private func orphans(_ delivered: [DeliveryRecords.Delivered], canonical known: [UInt64: String]) async throws
        -> [OrphanDelivery]
    {
        var canonical = known
        func key(_ event: DeliveryRecords.Delivered) -> String {
            "\(event.endpointID)|\(event.blockHash)|\(event.logIndex)"
        }
        let retracted = Set(delivered.filter { $0.type == .logRemoved }.map(key))
        var orphans: [OrphanDelivery] = []
        var reported: Set<String> = []
        for event in delivered where event.type == .log && !retracted.contains(key(event)) {
            if canonical[event.blockNumber] == nil {
                guard let header = try await node.header(number: event.blockNumber) else {
                    throw NodeError(
                        .rpc, method: "eth_getBlockByNumber", detail: "block \(event.blockNumber) not found")
                }
                canonical[event.blockNumber] = header.hash.description
            }
            guard let canonicalHash = canonical[event.blockNumber], canonicalHash != event.blockHash,
                reported.insert(event.webhookID).inserted
            else { continue }
            guard let hash = try? Hash32(hex: event.blockHash) else {
                logger.warning(
                    "a delivery record holds a block hash that does not parse; skipped",
                    metadata: ["webhook.id": "\(event.webhookID)", "block.number": "\(event.blockNumber)"])
                continue
            }
            orphans.append(
                OrphanDelivery(
                    endpointID: event.endpointID, webhookID: event.webhookID, blockNumber: event.blockNumber,
                    blockHash: event.blockHash, canonicalHash: canonicalHash, logIndex: event.logIndex,
                    removalWebhookID: WebhookID.make(
                        endpoint: event.endpointID, chainID: configuration.chainID, blockHash: hash,
                        logIndex: event.logIndex, type: .logRemoved)))
        }
        return orphans.sorted {
            ($0.blockNumber, $0.logIndex, $0.webhookID) < ($1.blockNumber, $1.logIndex, $1.webhookID)
        }
    }

    /// The `evm.log.removed` job the Processor would have built for `orphan`, from the orphaned block as the node
    /// still knows it by hash; throws `FixProblem` when it cannot be built.
    func removalJob(for orphan: OrphanDelivery) async throws -> DeliveryJob {
        let hash = try Hash32(hex: orphan.blockHash)
        let logs: [Log]
        do {
            logs = try await node.logs(blockHash: hash)
        } catch let error as NodeError where error.code == .rpc {
            // Nodes answer an unknown block hash with an error ("unknown block"), not an empty list.
            throw FixProblem(description: "the node no longer has block \(orphan.blockHash): \(error)")
        }
        guard var log = logs.first(where: { $0.logIndex == orphan.logIndex }) else {
            throw FixProblem(description: "the node no longer has log \(orphan.logIndex) of block \(orphan.blockHash)")
        }
        if log.blockTimestamp == nil {
            guard let header = try await node.header(hash: hash) else {
                throw FixProblem(description: "the node no longer has block \(orphan.blockHash)")
            }
            log.blockTimestamp = header.timestamp
        }
        let entry = StreamEntry(kind: .removed, chainID: configuration.chainID, log: log)
        guard let job = builder.jobs(for: entry).first(where: { $0.endpointID == orphan.endpointID }) else {
            throw FixProblem(description: "the endpoint's filter no longer selects the log")
        }
        return job
    }

    /// Why one finding cannot be fixed (the others still are).
    struct FixProblem: Error, CustomStringConvertible {
        let description: String
    }
}
