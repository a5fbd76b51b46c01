import ChainKit
public import Foundation
public import Hiredis
import Ingestor
public import LibPQ
public import Logging
public import Pipeline
import Processor
import Store

/// `evmhook reconcile`: recomputes from the node which logs of a block range each endpoint should have received
/// (the Processor's own matching and webhook ids), compares with the delivery records, and reports what is missing
/// and what was delivered for a block that is no longer canonical without its `evm.log.removed`; with `fix`, it
/// enqueues the missing jobs (same webhook ids, so receivers deduplicate) and the missing removals.
///
/// The range is walked in chunks of ranged `eth_getLogs` that adapt to the node's limits, and each chunk is
/// compared, reported and fixed before the next is fetched: memory stays bounded by one chunk, whatever the range.
public struct Reconciler: Sendable {
    public struct Configuration: Sendable {
        public var rpcURL: String
        public var chainID: UInt64
        public var range: ClosedRange<UInt64>
        /// Only this endpoint; nil: every enabled endpoint of the chain.
        public var endpoint: UUID?
        public var keys: RedisKeys
        /// Enqueue what is missing (absent or dead-lettered) and the missing removals.
        public var fix = false
        /// `EVMHOOK_CONFIRMATIONS`: the Ingestor has not emitted the newest blocks yet, and a reorg there delivers
        /// nothing; reconciling (let alone fixing) them would send what may never become canonical.
        public var confirmations: UInt64 = 0
        /// The widest `eth_getLogs` range asked for.
        public var maxGetLogsRange: UInt64 = 500
        public var callTimeout: Duration = .seconds(30)

        public init(rpcURL: String, chainID: UInt64, range: ClosedRange<UInt64>, endpoint: UUID?, keys: RedisKeys) {
            self.rpcURL = rpcURL
            self.chainID = chainID
            self.range = range
            self.endpoint = endpoint
            self.keys = keys
        }
    }

    /// Where a reconciliation stands.
    public struct Progress: Sendable {
        public var blocksDone: UInt64
        public var blocksTotal: UInt64
        /// Canonical logs of the range looked at so far.
        public var logs: UInt64
        public var elapsed: Duration
        public var isComplete: Bool { blocksDone == blocksTotal }
    }

    /// What one chunk of blocks found (and, with `fix`, enqueued).
    public struct Chunk: Sendable {
        public var blocks: ClosedRange<UInt64>
        /// (endpoint, log) deliveries the chain says were due in these blocks.
        public var due: Int
        public var missing: [MissingDelivery]
        public var orphans: [OrphanDelivery]
    }

    /// The whole run.
    public struct Summary: Sendable {
        /// Endpoints reconciled.
        public var endpoints = 0
        public var progress: Progress
        /// (endpoint, log) deliveries the chain says were due.
        public var due: UInt64 = 0
        public var missing: [MissingDelivery.State: Int] = [:]
        public var orphans = 0
        /// Jobs `fix` put on the queue.
        public var enqueued = 0
        /// Findings `fix` could not repair (or all of them, without `fix`; pending ones count as on their way).
        public var unresolved = 0

        /// Whether nothing is missing and nothing needs retracting.
        public var isClean: Bool { missing.values.reduce(0, +) == 0 && orphans == 0 }
    }

    public let configuration: Configuration
    let redis: RedisConnection
    let database: PostgresConnection
    let logger: Logger

    public init(configuration: Configuration, redis: RedisConnection, database: PostgresConnection, logger: Logger) {
        self.configuration = configuration
        self.redis = redis
        self.database = database
        self.logger = logger
    }

    /// Reconciles the range chunk by chunk; returns when done, or early (without error) when cancelled.
    public func run(
        onChunk: @Sendable (Chunk) -> Void, onProgress: @Sendable (Progress) -> Void
    ) async throws -> Summary {
        let range = configuration.range
        let endpoints = try await scope()
        var index = SubscriptionIndex()
        for endpoint in endpoints { index.upsert(endpoint) }
        // Before any delivery record is read (see `QueuedJobs`).
        let queued = try await QueuedJobs.webhookIDs(redis: redis, keys: configuration.keys)

        let connection = try await NodeConnector.open(
            configuration.rpcURL, timeout: configuration.callTimeout, logger: logger)
        let node = NodeClient(connection: connection, logger: logger, timeout: configuration.callTimeout)
        let clock = ContinuousClock()
        let started = clock.now
        var summary = Summary(
            endpoints: endpoints.count,
            progress: Progress(
                blocksDone: 0, blocksTotal: range.upperBound - range.lowerBound + 1, logs: 0, elapsed: .zero))
        do {
            try await checkNode(node)
            let comparison = ChunkComparison(
                configuration: configuration, node: node, records: DeliveryRecords(connection: database),
                index: index, endpoints: Set(endpoints.map(\.id)), queued: queued, logger: logger)
            // The next chunk is fetched while this one is compared: the node's latency overlaps PostgreSQL's
            // (two chunks in memory at most).
            var ahead: Task<Fetched, any Error>? = Self.fetch(
                from: range.lowerBound, to: range.upperBound,
                with: LogRangeFetcher(
                    maxRange: configuration.maxGetLogsRange, logger: logger), node: node)
            do {
                while let current = ahead, !Task.isCancelled {
                    let fetched = try await current.value
                    let next = fetched.covered.upperBound + 1
                    ahead =
                        next <= range.upperBound
                        ? Self.fetch(from: next, to: range.upperBound, with: fetched.fetcher, node: node) : nil
                    let found = try await comparison.compare(fetched.covered, logs: fetched.logs)
                    var chunk = found.chunk
                    if configuration.fix { try await fix(&chunk, jobs: found.jobs, comparison: comparison) }
                    summary.add(chunk, fixing: configuration.fix)
                    onChunk(chunk)
                    summary.progress.blocksDone = next - range.lowerBound
                    summary.progress.logs += UInt64(fetched.logs.count)
                    summary.progress.elapsed = clock.now - started
                    onProgress(summary.progress)
                }
            } catch {
                // The fetch ahead uses the connection: it ends before the connection closes.
                ahead?.cancel()
                _ = try? await ahead?.value
                throw error
            }
            ahead?.cancel()
            _ = try? await ahead?.value
        } catch {
            await connection.close()
            throw error
        }
        await connection.close()
        return summary
    }

    /// A chunk of the range read from the node, with the fetcher as it adapted.
    struct Fetched: Sendable {
        var fetcher: LogRangeFetcher
        var covered: ClosedRange<UInt64>
        /// Every log of `covered`, with its block timestamp.
        var logs: [Log]
    }

    /// Starts reading the chunk that begins at `from`.
    private static func fetch(
        from: UInt64, to: UInt64, with fetcher: LogRangeFetcher, node: NodeClient
    ) -> Task<Fetched, any Error> {
        Task {
            var fetcher = fetcher
            let (covered, logs) = try await fetcher.fetchPrefix(of: from...to, node: node)
            return Fetched(fetcher: fetcher, covered: covered, logs: try await node.withTimestamps(logs))
        }
    }

    /// The endpoints to reconcile: `--endpoint`, or every enabled endpoint of the chain.
    private func scope() async throws -> [Endpoint] {
        let store = EndpointStore(connection: database)
        guard let id = configuration.endpoint else {
            return try await store.list(chainID: configuration.chainID, enabled: true)
        }
        let name = id.uuidString.lowercased()
        guard let endpoint = try await store.find(id) else {
            throw ReconcileError(.unknownEndpoint, "--endpoint: no endpoint \(name)")
        }
        guard endpoint.chainID == configuration.chainID else {
            throw ReconcileError(
                .unknownEndpoint,
                "--endpoint: \(name) is on chain \(endpoint.chainID), not --chain \(configuration.chainID)")
        }
        guard endpoint.enabled else {
            // Nothing is delivered to a disabled endpoint: every log would show as missing.
            throw ReconcileError(.unknownEndpoint, "--endpoint: \(name) is disabled; enable it first")
        }
        return [endpoint]
    }

    private func checkNode(_ node: NodeClient) async throws {
        let reported = try await node.chainID()
        guard reported == configuration.chainID else {
            throw ReconcileError(
                .wrongChain, "the node reports chain id \(reported) but --chain is \(configuration.chainID)")
        }
        let head = try await node.blockNumber()
        guard configuration.range.upperBound + configuration.confirmations <= head else {
            let confirmed = head >= configuration.confirmations ? "\(head - configuration.confirmations)" : "none"
            throw ReconcileError(
                .beyondHead,
                "--to \(configuration.range.upperBound) is past the node's head \(head) less EVMHOOK_CONFIRMATIONS "
                    + "(\(configuration.confirmations)): the last block to reconcile is \(confirmed)")
        }
    }
}

extension Reconciler.Summary {
    mutating func add(_ chunk: Reconciler.Chunk, fixing: Bool) {
        due += UInt64(chunk.due)
        for missing in chunk.missing {
            self.missing[missing.state, default: 0] += 1
            if missing.enqueued { enqueued += 1 }
            let resolved = fixing && (missing.enqueued || missing.state == .pending)
            if !resolved { unresolved += 1 }
        }
        orphans += chunk.orphans.count
        for orphan in chunk.orphans {
            if orphan.enqueued { enqueued += 1 } else { unresolved += 1 }
        }
    }
}
