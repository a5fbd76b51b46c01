public import Foundation
public import Hiredis
public import LibPQ
public import Pipeline

/// The `dead_letters` table, for `evmhook dlq`: listing, and re-queueing with a fresh attempt count.
public struct DeadLetterStore: Sendable {
    public let connection: PostgresConnection

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// Which dead letters a command is about.
    public enum Selection: Sendable {
        case ids([Int64])
        case endpoint(UUID)
        case all
    }

    /// Dead letters, oldest first.
    public func list(_ selection: Selection = .all) async throws -> [DeadLetter] {
        let columns = "id, " + DeadLetter.columns.joined(separator: ", ") + ", created_at"
        let rows: PostgresRows
        switch selection {
        case .all:
            rows = try await connection.query("SELECT \(columns) FROM dead_letters ORDER BY id")
        case .endpoint(let endpoint):
            rows = try await connection.query(
                "SELECT \(columns) FROM dead_letters WHERE endpoint_id = $1 ORDER BY id", [.uuid(endpoint)])
        case .ids(let ids):
            rows = try await connection.query(
                "SELECT \(columns) FROM dead_letters WHERE id = ANY($1::bigint[]) ORDER BY id",
                [.text("{" + ids.map(String.init).joined(separator: ",") + "}")])
        }
        return try rows.map(DeadLetter.init(row:))
    }

    /// What `retry` did.
    public struct RetryReport: Sendable {
        /// Dead letters put back on the queue (and removed from the table).
        public var requeued: [Int64] = []
        /// Dead letters left in the table, with why (a poison job cannot be sent).
        public var skipped: [(id: Int64, reason: String)] = []
    }

    /// Puts the selected dead letters back on the queue as attempt 1, then deletes them. A crash between the two
    /// leaves them queued and listed: retrying again sends a duplicate with the same `webhook-id`, never nothing.
    public func retry(_ selection: Selection, keys: RedisKeys, redis: RedisConnection) async throws -> RetryReport {
        var report = RetryReport()
        var pushes: [[String]] = []
        let now = UInt64(Date().timeIntervalSince1970 * 1_000)
        for letter in try await list(selection) {
            do {
                var job = try DeliveryJob(encoded: letter.job)
                job.attempt = 1
                job.enqueuedAt = now
                pushes.append(["LPUSH", keys.jobs, job.encoded])
                report.requeued.append(letter.id)
            } catch {
                report.skipped.append((letter.id, "\(error)"))
            }
        }
        guard !pushes.isEmpty else { return report }
        for reply in try await redis.pipeline(pushes) {
            if let message = reply.errorMessage {
                throw RedisError(code: .server, message: message, command: "LPUSH", server: redis.url.endpoint)
            }
        }
        try await connection.query(
            "DELETE FROM dead_letters WHERE id = ANY($1::bigint[])",
            [.text("{" + report.requeued.map(String.init).joined(separator: ",") + "}")])
        return report
    }
}
