import Foundation
import Hiredis
import LibPQ
import Logging
import Store
import Threading

/// Finishes jobs in batches: first what PostgreSQL must keep (attempts, dead letters, a 410's disabling), then the
/// job leaves the processing list in Redis. A job is released only once its records are committed, so a crash or
/// an outage at any point leaves it taken and it is redone (a duplicate at worst, never a lost job or record).
///
/// While PostgreSQL is unreachable, finished jobs wait here, still in the processing list; the dispatcher stops
/// taking more once its held count reaches its cap.
actor Finisher {
    /// One finished job.
    struct Entry: Sendable {
        var attempt: AttemptRecord? = nil
        var deadLetter: DeadLetter? = nil
        /// An endpoint to disable, with the reason (410 Gone).
        var disable: (endpoint: UUID, reason: String)? = nil
        var completion: QueueCompletion

        var needsDatabase: Bool { attempt != nil || deadLetter != nil || disable != nil }
    }

    private let queue: JobQueue
    private let redis: RedisConnection
    private let database: PostgresConnection
    private let logger: Logger
    /// Told how many jobs left the processing list (the dispatcher's room to take more).
    private let released: @Sendable (Int) -> Void
    /// Where finished jobs arrive, from any task, without an executor hop; each flush empties it.
    private let inbox = Guarded<[Entry]>([])
    private var forDatabase: [Entry] = []
    private var forRedis: [QueueCompletion] = []
    private var databaseFailing = false
    private var redisFailing = false

    /// Rows per statement or `MULTI`: large batches, bounded.
    private static let batchLimit = 2_000

    init(
        queue: JobQueue, redis: RedisConnection, database: PostgresConnection, logger: Logger,
        released: @escaping @Sendable (Int) -> Void
    ) {
        self.queue = queue
        self.redis = redis
        self.database = database
        self.logger = logger
        self.released = released
    }

    nonisolated func submit(_ entry: Entry) {
        inbox.withLock { $0.append(entry) }
    }

    var pending: Int { forDatabase.count + forRedis.count + inbox.withLock { $0.count } }

    /// Flushes every `interval` until cancelled.
    func run(every interval: Duration) async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: interval) } catch { return }
            await flush()
        }
    }

    /// Flushes until nothing is pending or `deadline` passes (graceful shutdown); what remains stays taken and is
    /// handed back with the processing list.
    func drain(until deadline: ContinuousClock.Instant) async {
        while pending > 0, ContinuousClock.now < deadline {
            await flush()
            if pending > 0 { try? await Task.sleep(for: .milliseconds(50)) }
        }
    }

    /// One round: commit what PostgreSQL needs, then release in Redis what may go.
    func flush() async {
        for entry in inbox.withLock({ entries in
            defer { entries.removeAll() }; return entries
        }) {
            if entry.needsDatabase {
                forDatabase.append(entry)
            } else {
                forRedis.append(entry.completion)
            }
        }
        await flushDatabase()
        await flushRedis()
    }

    private func flushDatabase() async {
        guard !forDatabase.isEmpty else { return }
        let batch = Array(forDatabase.prefix(Self.batchLimit))
        let attempts = batch.compactMap(\.attempt).map(\.row)
        let deadLetters = batch.compactMap(\.deadLetter).map(\.row)
        do {
            for (endpoint, reason) in batch.compactMap(\.disable) {
                try await Self.disable(endpoint, reason: reason, on: database)
            }
            try await database.transaction { tx in
                if !attempts.isEmpty {
                    try tx.copyRows(into: AttemptRecord.table, columns: AttemptRecord.columns, rows: attempts)
                }
                if !deadLetters.isEmpty {
                    try tx.copyRows(into: DeadLetter.table, columns: DeadLetter.columns, rows: deadLetters)
                }
            }
        } catch {
            if !databaseFailing {
                logger.warning(
                    "cannot record finished deliveries in PostgreSQL; they stay taken and are retried",
                    metadata: ["error": "\(error)", "pending": "\(forDatabase.count)"])
            }
            databaseFailing = true
            return
        }
        if databaseFailing { logger.info("recording finished deliveries in PostgreSQL again") }
        databaseFailing = false
        forDatabase.removeFirst(batch.count)
        forRedis.append(contentsOf: batch.map(\.completion))
    }

    /// Disables the endpoint and, when it was enabled, records the change in the audit log as the CLI's and the
    /// API's changes are (actor `delivery`), in one transaction.
    private static func disable(_ id: UUID, reason: String, on database: PostgresConnection) async throws {
        try await database.transaction { connection in
            guard let before = try EndpointStore.find(id, on: connection), before.enabled,
                try EndpointStore.setEnabled(id, false, reason: reason, on: connection),
                let after = try EndpointStore.find(id, on: connection)
            else { return }
            try AuditLogStore.append(
                AuditEntry(
                    actor: "delivery", action: "endpoint.disable", targetType: "endpoint",
                    targetID: id.uuidString.lowercased(), before: before.json(), after: after.json()),
                on: connection)
        }
    }

    private func flushRedis() async {
        while !forRedis.isEmpty {
            let batch = Array(forRedis.prefix(Self.batchLimit))
            do {
                _ = try await redis.transaction(queue.finishCommands(batch))
            } catch {
                if !redisFailing {
                    logger.warning(
                        "cannot finish jobs in Redis; they stay taken and are retried",
                        metadata: ["error": "\(error)", "pending": "\(forRedis.count)"])
                }
                redisFailing = true
                return
            }
            if redisFailing { logger.info("finishing jobs in Redis again") }
            redisFailing = false
            forRedis.removeFirst(batch.count)
            released(batch.count)
        }
    }
}
