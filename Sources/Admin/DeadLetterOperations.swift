public import ChainKit
public import Delivery
public import Foundation
public import Hiredis
public import LibPQ
public import Pipeline
import Store
import UUIDText

/// What `evmhook dlq` and `/v1/dead-letters` do: list, re-queue (one, an endpoint's, all) and delete, each change
/// audited.
public struct DeadLetterOperations: Sendable {
    public let store: DeadLetterStore
    let audit: AuditTrail

    public init(connection: PostgresConnection) {
        store = DeadLetterStore(connection: connection)
        audit = AuditTrail(connection: connection)
    }

    /// Up to `limit` dead letters after id `after`, oldest first, optionally of one endpoint.
    public func page(endpoint: UUID?, after: Int64?, limit: Int) async throws -> [DeadLetter] {
        let ids = try await store.connection.query(
            """
            SELECT id FROM dead_letters WHERE ($1::uuid IS NULL OR endpoint_id = $1) AND ($2::bigint IS NULL OR id > $2)
            ORDER BY id LIMIT $3
            """,
            [endpoint.map { .uuid($0) } ?? .null, after.map { .bigint($0) } ?? .null, .bigint(Int64(limit))]
        ).map { try $0.decode(Int64.self, "id") }
        guard !ids.isEmpty else { return [] }
        return try await store.list(.ids(ids))
    }

    /// Re-queues the selected dead letters as attempt 1; naming ids that do not exist throws before anything moves.
    public func retry(_ selection: DeadLetterStore.Selection, keys: RedisKeys, redis: RedisConnection) async throws
        -> DeadLetterStore.RetryReport
    {
        let selected = try await store.list(selection)
        if case .ids(let wanted) = selection {
            let found = Set(selected.map(\.id))
            let missing = wanted.filter { !found.contains($0) }
            if !missing.isEmpty {
                throw NotFoundError("dead letter", missing.map(String.init).joined(separator: ", "))
            }
        }
        let report = try await store.retry(selection, keys: keys, redis: redis)
        let requeued = Set(report.requeued)
        for letter in selected where requeued.contains(letter.id) {
            try await audit.record(
                "dead_letter.retry", "dead_letter", String(letter.id), before: Self.json(letter), after: nil)
        }
        return report
    }

    /// Deletes one dead letter for good.
    public func delete(_ id: Int64) async throws {
        guard let letter = try await store.list(.ids([id])).first else {
            throw NotFoundError("dead letter", String(id))
        }
        try await audit.transaction { connection in
            let rows = try connection.query("DELETE FROM dead_letters WHERE id = $1", [.bigint(id)])
            guard rows.affectedRows == 1 else { throw NotFoundError("dead letter", String(id)) }
            return ((), .init("dead_letter.delete", "dead_letter", String(id), before: Self.json(letter), after: nil))
        }
    }

    /// A dead letter as listed and audited: the job is included as taken from the queue (it carries the event, never
    /// a secret).
    public static func json(_ letter: DeadLetter) -> JSONValue {
        func text(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }
        return .object([
            JSONMember("id", .number(String(letter.id))),
            JSONMember("endpoint_id", text(letter.endpointID?.lowercased)),
            JSONMember("webhook_id", text(letter.webhookID)),
            JSONMember("reason", .string(letter.reason.rawValue)),
            JSONMember("attempts", .number(String(letter.attempts))),
            JSONMember("last_status", letter.lastStatus.map { .number(String($0)) } ?? .null),
            JSONMember("last_error", text(letter.lastError)),
            JSONMember("created_at", .string(Endpoint.timestamp(letter.createdAt))),
            JSONMember("job", .string(letter.job)),
        ])
    }
}
