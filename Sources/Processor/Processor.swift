import ChainKit
import Foundation
public import Hiredis
public import Logging
import Pipeline
public import Store
import Threading

/// The Processor service: reads the event stream in a consumer group, matches each entry against the enabled
/// endpoints, and pushes one job per match, acknowledging the entry in the same atomic step.
///
/// Several Processors share the group. One that dies leaves its entries pending; another reclaims them once they
/// have been idle for `claimIdle`, and the ownership check of `AcknowledgeScript` keeps a slow one and its
/// replacement from both pushing jobs for the same entry.
///
/// Two connections overlap the work: while the writer runs the script that queues batch N, batch N+1's jobs are
/// built and the reader fetches batch N+2 (its thread parsing the reply meanwhile).
public final class Processor: Sendable {
    let configuration: Configuration
    private let reader: RedisConnection
    let writer: RedisConnection
    let logger: Logger
    let index = Guarded(SubscriptionIndex())
    private let stopping = Guarded(false)
    let counters = Guarded(Statistics())
    let metrics = ProcessorMetrics()

    /// - Parameters:
    ///   - reader: the connection the stream is read on (its reads block it); this Processor's alone.
    ///   - writer: the connection jobs are pushed on; this Processor's alone.
    public init(configuration: Configuration, reader: RedisConnection, writer: RedisConnection, logger: Logger) {
        self.configuration = configuration
        self.reader = reader
        self.writer = writer
        var logger = logger
        logger[metadataKey: "processor.consumer"] = "\(configuration.consumer)"
        self.logger = logger
    }

    /// Asks `run` to return after the batch in hand.
    public func requestStop() {
        stopping.withLock { $0 = true }
    }

    public var statistics: Statistics { counters.withLock { $0 } }

    private var isStopping: Bool { stopping.withLock { $0 } }

    /// Follows `changes` (an `EndpointCatalog`'s, starting with its initial load) and processes the stream until
    /// `requestStop()`. Reads begin only once the initial endpoints are indexed; `onReady` is called then.
    ///
    /// Redis errors are logged and retried with backoff (the entries in hand stay pending and are read again);
    /// nothing is lost and nothing is pushed twice.
    public func run(changes: AsyncStream<EndpointCatalog.Change>, onReady: @Sendable () -> Void = {}) async {
        let (ready, readyContinuation) = AsyncStream.makeStream(of: Void.self)
        let maintenance = Task { [index, logger] in
            for await change in changes {
                index.withLock { $0.apply(change) }
                readyContinuation.yield()
                if case .reloaded(let all) = change {
                    logger.info("endpoints loaded", metadata: ["endpoints.count": "\(all.count)"])
                }
            }
            readyContinuation.finish()
        }
        defer { maintenance.cancel() }
        for await _ in ready { break }

        var backoff = Duration.milliseconds(100)
        var groupReady = false
        var readOwnPending = true
        let clock = ContinuousClock()
        var lastTrim = clock.now
        var lastClaim = clock.now - configuration.claimIdle
        var announced = false
        // The acknowledgement of the previous batch, running on the writer while the next batch is read and built.
        var inFlight: Task<Void, any Error>?
        // The next batch of new entries, read while this one is built.
        var readAhead: Task<[StreamRecord], any Error>?
        while !isStopping {
            do {
                if !groupReady {
                    try await createGroup()
                    groupReady = true
                }
                if !announced {
                    announced = true
                    logger.info("processor ready")
                    onReady()
                }
                // Stamped before trying: a failing trim or claim must not keep the loop from reading.
                if clock.now - lastClaim >= configuration.claimIdle / 2 {
                    lastClaim = clock.now
                    try await reclaimIdleEntries()
                }
                if clock.now - lastTrim >= configuration.trimInterval {
                    lastTrim = clock.now
                    try await trim()
                }
                if readOwnPending, let previous = inFlight {
                    // Re-reading our pending entries while one of their acknowledgements runs would build them twice
                    // (harmless, the ownership check skips the second) for nothing.
                    inFlight = nil
                    try await previous.value
                }
                let records: [StreamRecord]
                if let next = readAhead {
                    readAhead = nil
                    records = try await next.value
                } else {
                    records = try await read(ownPending: readOwnPending)
                }
                if readOwnPending && records.isEmpty { readOwnPending = false }
                // Only new entries are read ahead, and only while they flow: an idle stream is read one block at a time.
                if !readOwnPending && !records.isEmpty && !isStopping {
                    readAhead = Task { try await self.read(ownPending: false) }
                }
                let outcomes = await outcomes(for: records)
                if let previous = inFlight {
                    inFlight = nil
                    try await previous.value
                }
                if !outcomes.isEmpty { inFlight = Task { try await self.acknowledge(outcomes, of: records.count) } }
                backoff = .milliseconds(100)
            } catch {
                inFlight = nil
                if let next = readAhead {
                    // Its entries are ours and pending: the read of our own pending entries below must see them.
                    readAhead = nil
                    _ = await next.result
                }
                if let redisError = error as? RedisError, redisError.serverErrorPrefix == "NOGROUP" {
                    groupReady = false
                }
                // Entries read but not acknowledged are still ours and pending: read them again first.
                readOwnPending = true
                logger.warning(
                    "processing failed; retrying", metadata: ["error": "\(error)", "retry.in": "\(backoff)"])
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(5))
            }
        }
        do {
            if let previous = inFlight { try await previous.value }
            // A batch read ahead when the stop came is finished, not left pending until another processor reclaims it.
            if let next = readAhead {
                let records = try await next.value
                let outcomes = await outcomes(for: records)
                if !outcomes.isEmpty { try await acknowledge(outcomes, of: records.count) }
            }
        } catch {
            // Their entries stay pending; another processor reclaims them.
            logger.warning("the last batches were not acknowledged", metadata: ["error": "\(error)"])
        }
        logger.info("processor stopped", metadata: ["entries": "\(statistics.entries)", "jobs": "\(statistics.jobs)"])
    }

    /// Creates the group (and the stream) when missing, reading from the start: entries the Ingestor wrote before
    /// any Processor ran are processed, not skipped.
    private func createGroup() async throws {
        do {
            _ = try await writer.send([
                "XGROUP", "CREATE", configuration.keys.stream, configuration.keys.processorGroup, "0", "MKSTREAM",
            ])
        } catch let error as RedisError where error.serverErrorPrefix == "BUSYGROUP" {
            return
        }
    }

    /// New entries (blocking up to `blockTime`), or this consumer's own pending ones after an error.
    private func read(ownPending: Bool) async throws -> [StreamRecord] {
        var command = [
            "XREADGROUP", "GROUP", configuration.keys.processorGroup, configuration.consumer,
            "COUNT", String(configuration.batchSize),
        ]
        if !ownPending { command += ["BLOCK", String(configuration.blockTime.milliseconds)] }
        command += ["STREAMS", configuration.keys.stream, ownPending ? "0" : ">"]
        return try await reader.readRecords(command)
    }

    /// Takes over entries idle longer than `claimIdle` in other consumers (presumed dead) and processes them.
    private func reclaimIdleEntries() async throws {
        var cursor = "0-0"
        repeat {
            let command = [
                "XAUTOCLAIM", configuration.keys.stream, configuration.keys.processorGroup, configuration.consumer,
                String(configuration.claimIdle.milliseconds), cursor, "COUNT", String(configuration.batchSize),
            ]
            let claimed = try await writer.send(command.map { RedisArgument($0) }) {
                try StreamRecord.fromAutoClaim($0)
            }
            cursor = claimed.cursor
            if !claimed.records.isEmpty {
                logger.notice("reclaimed idle entries", metadata: ["entries.count": "\(claimed.records.count)"])
                counters.withLock { $0.reclaimed += claimed.records.count }
                try await acknowledge(await outcomes(for: claimed.records), of: claimed.records.count)
            }
        } while cursor != "0-0" && !isStopping
        let forgotten = try await writer.evaluate(
            ConsumerCleanupScript.script, keys: [RedisArgument(configuration.keys.stream)],
            arguments: [
                RedisArgument(configuration.keys.processorGroup),
                RedisArgument(configuration.consumerExpiry.milliseconds),
            ])
        if let count = forgotten.int, count > 0 {
            logger.info("forgot idle consumers without pending entries", metadata: ["consumers.count": "\(count)"])
        }
    }

    private func trim() async throws {
        _ = try await writer.evaluate(
            TrimScript.script, keys: [RedisArgument(configuration.keys.stream)],
            arguments: [RedisArgument(configuration.keys.processorGroup)])
    }
}

extension Duration {
    /// Whole milliseconds, for Redis arguments.
    var milliseconds: Int64 {
        components.seconds * 1_000 + components.attoseconds / 1_000_000_000_000_000
    }
}
