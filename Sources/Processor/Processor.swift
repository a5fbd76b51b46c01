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
public final class Processor: Sendable {
    private let configuration: Configuration
    private let redis: RedisConnection
    private let logger: Logger
    private let index = Guarded(SubscriptionIndex())
    private let stopping = Guarded(false)
    private let counters = Guarded(Statistics())

    /// - Parameter redis: a connection for this Processor alone (its reads block it).
    public init(configuration: Configuration, redis: RedisConnection, logger: Logger) {
        self.configuration = configuration
        self.redis = redis
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
                if clock.now - lastClaim >= configuration.claimIdle / 2 {
                    try await reclaimIdleEntries()
                    lastClaim = clock.now
                }
                if clock.now - lastTrim >= configuration.trimInterval {
                    try await trim()
                    lastTrim = clock.now
                }
                let records = try await read(ownPending: readOwnPending)
                if readOwnPending && records.isEmpty { readOwnPending = false }
                try await handle(records)
                backoff = .milliseconds(100)
            } catch {
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
        logger.info("processor stopped", metadata: ["entries": "\(statistics.entries)", "jobs": "\(statistics.jobs)"])
    }

    /// Creates the group (and the stream) when missing, reading from the start: entries the Ingestor wrote before
    /// any Processor ran are processed, not skipped.
    private func createGroup() async throws {
        do {
            _ = try await redis.send([
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
        return try StreamRecord.fromReadGroup(try await redis.send(command))
    }

    /// Takes over entries idle longer than `claimIdle` in other consumers (presumed dead) and processes them.
    private func reclaimIdleEntries() async throws {
        var cursor = "0-0"
        repeat {
            let reply = try await redis.send([
                "XAUTOCLAIM", configuration.keys.stream, configuration.keys.processorGroup, configuration.consumer,
                String(configuration.claimIdle.milliseconds), cursor, "COUNT", String(configuration.batchSize),
            ])
            let claimed = try StreamRecord.fromAutoClaim(reply)
            cursor = claimed.cursor
            if !claimed.records.isEmpty {
                logger.notice("reclaimed idle entries", metadata: ["entries.count": "\(claimed.records.count)"])
                counters.withLock { $0.reclaimed += claimed.records.count }
                try await handle(claimed.records)
            }
        } while cursor != "0-0" && !isStopping
    }

    private func trim() async throws {
        _ = try await redis.evaluate(
            TrimScript.script, keys: [RedisArgument(configuration.keys.stream)],
            arguments: [RedisArgument(configuration.keys.processorGroup)])
    }

    /// Matches a batch, then pushes its jobs and acknowledges it in one script call.
    private func handle(_ records: [StreamRecord]) async throws {
        guard !records.isEmpty else { return }
        let builder = JobBuilder(
            index: index.withLock { $0 }, enqueuedAt: UInt64(Date().timeIntervalSince1970 * 1_000))
        var outcomes: [(id: String, outcome: EntryOutcome)] = []
        outcomes.reserveCapacity(records.count)
        var dead = 0
        for record in records {
            // Deleted while pending (trimmed by hand): nothing left to deliver, only the acknowledgement.
            guard let fields = record.fields else {
                outcomes.append((record.id, .jobs([])))
                continue
            }
            do {
                let entry = try StreamEntry(fields: fields)
                outcomes.append((record.id, .jobs(builder.jobs(for: entry))))
            } catch {
                dead += 1
                logger.error(
                    "unreadable stream entry moved to the dead-entry stream",
                    metadata: ["entry.id": "\(record.id)", "error": "\(error)"])
                outcomes.append((record.id, .dead(reason: error.description, fields: fields)))
            }
        }
        let reply = try await redis.evaluate(
            AcknowledgeScript.script, keys: AcknowledgeScript.keys(configuration.keys),
            arguments: AcknowledgeScript.arguments(
                group: configuration.keys.processorGroup, consumer: configuration.consumer, outcomes: outcomes))
        let acked = Int(reply.array?.first?.int ?? 0)
        let pushed = Int(reply.array?.last?.int ?? 0)
        counters.withLock {
            $0.entries += acked
            $0.jobs += pushed
            $0.deadEntries += dead
        }
        if acked < records.count {
            logger.notice(
                "entries reclaimed by another processor were skipped",
                metadata: ["entries.count": "\(records.count - acked)"])
        }
    }
}

extension Duration {
    /// Whole milliseconds, for Redis arguments.
    var milliseconds: Int64 {
        components.seconds * 1_000 + components.attoseconds / 1_000_000_000_000_000
    }
}
