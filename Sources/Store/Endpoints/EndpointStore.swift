import ChainKit
public import Foundation
public import LibPQ

/// The `endpoints` table. Each method is one statement (or one transaction) on the connection it is given; every
/// change fires the `evmhook_endpoints` NOTIFY through the table's trigger. The static forms run inside a caller's
/// `transaction` (the admin operations write their audit entry in the same one).
public struct EndpointStore: Sendable {
    /// The channel the trigger notifies, with the endpoint id as payload.
    public static let notificationChannel = "evmhook_endpoints"

    static let columns = """
        id, url, chain_id, addresses, topics, events, secret, previous_secret, previous_secret_expires_at, enabled,
        disabled_reason, rate_limit_per_second, max_attempts, timeout_ms, description, created_at, updated_at
        """

    public let connection: PostgresConnection

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// Inserts `endpoint` and returns it as stored (timestamps at PostgreSQL's microsecond precision).
    @discardableResult
    public func insert(_ endpoint: Endpoint) async throws -> Endpoint {
        try await Self.insert(endpoint, on: connection)
    }

    public static func insert(_ endpoint: Endpoint, on connection: isolated PostgresConnection) throws -> Endpoint {
        let rows = try connection.query(
            """
            INSERT INTO endpoints (\(Self.columns))
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
            RETURNING \(Self.columns)
            """,
            endpoint.parameters
        )
        return try Endpoint(row: rows[0])
    }

    /// Replaces every field but `id` and `created_at`; `updated_at` becomes now. False when no such endpoint.
    @discardableResult
    public func update(_ endpoint: Endpoint) async throws -> Bool {
        try await Self.update(endpoint, on: connection)
    }

    public static func update(_ endpoint: Endpoint, on connection: isolated PostgresConnection) throws -> Bool {
        let rows = try connection.query(
            """
            UPDATE endpoints SET url = $2, chain_id = $3, addresses = $4, topics = $5, events = $6, secret = $7,
                previous_secret = $8, previous_secret_expires_at = $9, enabled = $10, disabled_reason = $11,
                rate_limit_per_second = $12, max_attempts = $13, timeout_ms = $14, description = $15, updated_at = now()
            WHERE id = $1
            """,
            Array(endpoint.parameters.prefix(15))
        )
        return rows.affectedRows == 1
    }

    public func find(_ id: UUID) async throws -> Endpoint? {
        try await Self.find(id, on: connection)
    }

    public static func find(_ id: UUID, on connection: isolated PostgresConnection) throws -> Endpoint? {
        let rows = try connection.query("SELECT \(Self.columns) FROM endpoints WHERE id = $1", [.uuid(id)])
        return try rows.first.map(Endpoint.init(row:))
    }

    /// The endpoints among `ids` that exist, in no particular order.
    public func find(_ ids: [UUID]) async throws -> [Endpoint] {
        guard !ids.isEmpty else { return [] }
        let array = "{" + ids.map { $0.uuidString.lowercased() }.joined(separator: ",") + "}"
        let rows = try await connection.query(
            "SELECT \(Self.columns) FROM endpoints WHERE id = ANY($1::uuid[])", [.text(array)])
        return try rows.map(Endpoint.init(row:))
    }

    /// Endpoints in creation order (then id), optionally of one chain and/or enabled state.
    public func list(chainID: UInt64? = nil, enabled: Bool? = nil) async throws -> [Endpoint] {
        let rows = try await connection.query(
            """
            SELECT \(Self.columns) FROM endpoints
            WHERE ($1::bigint IS NULL OR chain_id = $1) AND ($2::boolean IS NULL OR enabled = $2)
            ORDER BY created_at, id
            """,
            [chainID.map { .bigint(Int64($0)) } ?? .null, enabled.map { .bool($0) } ?? .null]
        )
        return try rows.map(Endpoint.init(row:))
    }

    /// Enables or disables; `reason` records why evmhook disabled it (nil for a user's choice). False when no such
    /// endpoint.
    @discardableResult
    public func setEnabled(_ id: UUID, _ enabled: Bool, reason: String? = nil) async throws -> Bool {
        try await Self.setEnabled(id, enabled, reason: reason, on: connection)
    }

    public static func setEnabled(
        _ id: UUID, _ enabled: Bool, reason: String? = nil, on connection: isolated PostgresConnection
    ) throws -> Bool {
        let rows = try connection.query(
            "UPDATE endpoints SET enabled = $2, disabled_reason = $3, updated_at = now() WHERE id = $1",
            [.uuid(id), .bool(enabled), enabled ? .null : (reason.map { .text($0) } ?? .null)]
        )
        return rows.affectedRows == 1
    }

    /// Makes `newSecret` current; the old one keeps signing until `previousValidUntil`. Returns the updated endpoint.
    public func rotateSecret(_ id: UUID, to newSecret: String, previousValidUntil: Date) async throws -> Endpoint? {
        try await Self.rotateSecret(id, to: newSecret, previousValidUntil: previousValidUntil, on: connection)
    }

    public static func rotateSecret(
        _ id: UUID, to newSecret: String, previousValidUntil: Date, on connection: isolated PostgresConnection
    ) throws -> Endpoint? {
        let rows = try connection.query(
            """
            UPDATE endpoints SET previous_secret = secret, previous_secret_expires_at = $3, secret = $2,
                updated_at = now()
            WHERE id = $1 RETURNING \(Self.columns)
            """,
            [.uuid(id), .text(newSecret), .timestamptz(previousValidUntil)]
        )
        return try rows.first.map(Endpoint.init(row:))
    }

    @discardableResult
    public func delete(_ id: UUID) async throws -> Bool {
        try await Self.delete(id, on: connection)
    }

    public static func delete(_ id: UUID, on connection: isolated PostgresConnection) throws -> Bool {
        try connection.query("DELETE FROM endpoints WHERE id = $1", [.uuid(id)]).affectedRows == 1
    }
}
