import ChainKit
public import LibPQ

/// The `audit_log` table: appended to by every change, read newest first.
public struct AuditLogStore: Sendable {
    public let connection: PostgresConnection

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    public func append(_ entry: AuditEntry) async throws {
        try await Self.append(entry, on: connection)
    }

    /// Appends inside the caller's transaction: the entry commits with the change it records, or neither does.
    public static func append(_ entry: AuditEntry, on connection: isolated PostgresConnection) throws {
        try connection.query(
            """
            INSERT INTO audit_log (actor, action, target_type, target_id, before, after)
            VALUES ($1, $2, $3, $4, $5, $6)
            """,
            [
                .text(entry.actor), .text(entry.action), .text(entry.targetType), .text(entry.targetID),
                entry.before.map { .jsonb($0.serialized()) } ?? .null,
                entry.after.map { .jsonb($0.serialized()) } ?? .null,
            ])
    }

    /// Up to `limit` entries older than the entry `before` (all when nil), newest first.
    public func list(before: Int64? = nil, limit: Int) async throws -> [AuditEntry] {
        try await connection.query(
            """
            SELECT \(AuditEntry.columns) FROM audit_log WHERE ($1::bigint IS NULL OR id < $1) ORDER BY id DESC LIMIT $2
            """,
            [before.map { .bigint($0) } ?? .null, .bigint(Int64(limit))]
        ).map(AuditEntry.init(row:))
    }
}
