import Foundation
import LibPQ
import Pipeline

/// One HTTP attempt, as `delivery_attempts` keeps it (CONTRACT.md: endpoint, webhook id, attempt number, status
/// code, error, duration, first 4 KiB of the response body), with the chain event it delivered for reconciliation.
struct AttemptRecord: Sendable {
    static let table = "delivery_attempts"
    static let columns = [
        "endpoint_id", "webhook_id", "attempt", "status", "error", "duration_us", "response_body", "event_type",
        "chain_id", "block_number", "block_hash", "log_index",
    ]
    /// The response bytes kept; the HTTP client captures no more than this either.
    static let bodyLimit = 4_096

    var endpointID: UUID
    var webhookID: String
    var attempt: Int
    /// Nil when no response arrived.
    var status: Int?
    var error: String?
    var duration: Duration
    var responseBody: [UInt8]
    var type: WebhookEventType
    /// Nil when the body is not the Processor's (then only the webhook id identifies the event).
    var event: AttemptEvent?

    /// The values in `columns` order, for `COPY`.
    var row: [PostgresValue] {
        let (seconds, attoseconds) = duration.components
        return [
            .uuid(endpointID), .text(webhookID.copySafe), .int(Int32(clamping: attempt)),
            status.map { .int(Int32(clamping: $0)) } ?? .null,
            error.map { .text($0.copySafe) } ?? .null,
            .bigint(seconds * 1_000_000 + attoseconds / 1_000_000_000_000),
            .bytea(Data(responseBody.prefix(Self.bodyLimit))), .text(type.rawValue),
            event.map { .bigint(Int64(clamping: $0.chainID)) } ?? .null,
            event.map { .bigint(Int64(clamping: $0.blockNumber)) } ?? .null,
            event.map { .text($0.blockHash.copySafe) } ?? .null,
            event.map { .bigint(Int64(clamping: $0.logIndex)) } ?? .null,
        ]
    }
}

extension String {
    /// The text with NUL characters (which PostgreSQL text cannot hold) replaced, so one hostile job or response
    /// cannot make a whole batch fail forever.
    var copySafe: String {
        utf8.contains(0) ? replacingOccurrences(of: "\u{0}", with: "\u{FFFD}") : self
    }
}
