import Foundation
import LibPQ
import Pipeline

/// What PostgreSQL says was delivered and given up on: the queries of a reconciliation, each bounded by one chunk of
/// blocks (or of webhook ids) and served by an index (`migrations/0004_attempt_events.sql`).
struct DeliveryRecords: Sendable {
    /// One 2xx delivery of an event, as `delivery_attempts` recorded it (attempts of the same event collapse).
    struct Delivered: Sendable, Hashable {
        var endpointID: UUID
        var webhookID: String
        var type: WebhookEventType
        var blockNumber: UInt64
        var blockHash: String
        var logIndex: UInt64
    }

    let connection: PostgresConnection

    /// Those of `webhookIDs` some attempt delivered with a 2xx.
    func delivered(_ webhookIDs: [String]) async throws -> Set<String> {
        guard !webhookIDs.isEmpty else { return [] }
        let rows = try await connection.query(
            """
            SELECT DISTINCT webhook_id FROM delivery_attempts
            WHERE webhook_id = ANY($1::text[]) AND status BETWEEN 200 AND 299
            """, [Self.textArray(webhookIDs)])
        return Set(try rows.map { try $0.decode(String.self, "webhook_id") })
    }

    /// Those of `webhookIDs` that are dead letters.
    func deadLettered(_ webhookIDs: [String]) async throws -> Set<String> {
        guard !webhookIDs.isEmpty else { return [] }
        let rows = try await connection.query(
            "SELECT DISTINCT webhook_id FROM dead_letters WHERE webhook_id = ANY($1::text[])",
            [Self.textArray(webhookIDs)])
        return Set(try rows.map { try $0.decode(String.self, "webhook_id") })
    }

    /// The events of `blocks` on `chainID` delivered with a 2xx to one of `endpoints` (an event delivered twice
    /// appears twice: deduplicating in SQL would sort the whole chunk for a rare case).
    func delivered(chainID: UInt64, blocks: ClosedRange<UInt64>, endpoints: Set<UUID>) async throws -> [Delivered] {
        let rows = try await connection.query(
            """
            SELECT endpoint_id, webhook_id, event_type, block_number, block_hash, log_index
            FROM delivery_attempts
            WHERE chain_id = $1 AND block_number BETWEEN $2 AND $3 AND status BETWEEN 200 AND 299
            """,
            [
                .bigint(Int64(clamping: chainID)), .bigint(Int64(clamping: blocks.lowerBound)),
                .bigint(Int64(clamping: blocks.upperBound)),
            ])
        return try rows.compactMap { row in
            let endpoint = try row.decode(UUID.self, "endpoint_id")
            guard endpoints.contains(endpoint),
                let type = WebhookEventType(rawValue: try row.decode(String.self, "event_type"))
            else { return nil }
            return Delivered(
                endpointID: endpoint, webhookID: try row.decode(String.self, "webhook_id"), type: type,
                blockNumber: UInt64(try row.decode(Int64.self, "block_number")),
                blockHash: try row.decode(String.self, "block_hash"),
                logIndex: UInt64(try row.decode(Int64.self, "log_index")))
        }
    }

    /// Deletes the dead letters of `webhookIDs` (after `--fix` re-queued them, as `dlq retry` does).
    func removeDeadLetters(_ webhookIDs: [String]) async throws {
        guard !webhookIDs.isEmpty else { return }
        try await connection.query(
            "DELETE FROM dead_letters WHERE webhook_id = ANY($1::text[])", [Self.textArray(webhookIDs)])
    }

    /// A `text[]` literal, each element quoted (a webhook id read back from a record may hold anything).
    private static func textArray(_ values: [String]) -> PostgresValue {
        let quoted = values.map { value in
            "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                + "\""
        }
        return .text("{" + quoted.joined(separator: ",") + "}")
    }
}
