public import Foundation
import LibPQ

/// A job Delivery gave up on, as `dead_letters` keeps it; `evmhook dlq retry` re-queues it.
public struct DeadLetter: Sendable, Hashable {
    static let table = "dead_letters"
    static let columns = ["job", "endpoint_id", "webhook_id", "attempts", "last_status", "last_error", "reason"]

    /// Assigned by the database; 0 before the row is written.
    public var id: Int64
    /// The job string as taken from the queue.
    public var job: String
    public var endpointID: UUID?
    public var webhookID: String?
    /// Attempts made; 0 when the job was never sent.
    public var attempts: Int
    public var lastStatus: Int?
    public var lastError: String?
    public var reason: DeadLetterReason
    public var createdAt: Date

    init(
        job: String, endpointID: UUID?, webhookID: String?, attempts: Int, lastStatus: Int?, lastError: String?,
        reason: DeadLetterReason
    ) {
        self.id = 0
        self.job = job
        self.endpointID = endpointID
        self.webhookID = webhookID
        self.attempts = attempts
        self.lastStatus = lastStatus
        self.lastError = lastError
        self.reason = reason
        self.createdAt = Date()
    }

    /// The values in `columns` order, for `COPY`.
    var row: [PostgresValue] {
        [
            .text(job.copySafe), endpointID.map { .uuid($0) } ?? .null, webhookID.map { .text($0.copySafe) } ?? .null,
            .int(Int32(clamping: attempts)), lastStatus.map { .int(Int32(clamping: $0)) } ?? .null,
            lastError.map { .text($0.copySafe) } ?? .null, .text(reason.rawValue),
        ]
    }

    init(row: PostgresRow) throws {
        id = try row.decode(Int64.self, "id")
        job = try row.decode(String.self, "job")
        endpointID = try row.decode(UUID?.self, "endpoint_id")
        webhookID = try row.decode(String?.self, "webhook_id")
        attempts = try row.decode(Int.self, "attempts")
        lastStatus = try row.decode(Int?.self, "last_status")
        lastError = try row.decode(String?.self, "last_error")
        let reasonText = try row.decode(String.self, "reason")
        reason = DeadLetterReason(rawValue: reasonText) ?? .poison
        createdAt = try row.decode(Date.self, "created_at")
    }
}
