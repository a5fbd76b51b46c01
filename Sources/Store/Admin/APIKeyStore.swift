public import Foundation
public import LibPQ

/// The `api_keys` table.
public struct APIKeyStore: Sendable {
    /// The channel every change to a key notifies (migration 0005), with the key id as payload.
    public static let notificationChannel = "evmhook_api_keys"

    public let connection: PostgresConnection

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// Inserts `key`; a taken name throws the server's unique violation (SQLSTATE 23505).
    public func insert(_ key: APIKey) async throws {
        try await Self.insert(key, on: connection)
    }

    public static func insert(_ key: APIKey, on connection: isolated PostgresConnection) throws {
        try connection.query(
            "INSERT INTO api_keys (\(APIKey.columns)) VALUES ($1, $2, $3, $4, $5, $6)",
            [
                .uuid(key.id), .text(key.name), .text(key.scope.rawValue), .text(key.keyHash),
                .timestamptz(key.createdAt), key.revokedAt.map { .timestamptz($0) } ?? .null,
            ])
    }

    /// Every key, revoked ones too, oldest first.
    public func list() async throws -> [APIKey] {
        try await connection.query("SELECT \(APIKey.columns) FROM api_keys ORDER BY created_at, id").map(
            APIKey.init(row:))
    }

    /// The key whose hash is `keyHash`, revoked or not.
    public func find(hash keyHash: String) async throws -> APIKey? {
        try await connection.query("SELECT \(APIKey.columns) FROM api_keys WHERE key_hash = $1", [.text(keyHash)])
            .first.map(APIKey.init(row:))
    }

    /// The key named `name`, or whose id is `name` when it is a UUID.
    public func find(nameOrID: String) async throws -> APIKey? {
        let id = UUID(uuidString: nameOrID)
        let rows = try await connection.query(
            "SELECT \(APIKey.columns) FROM api_keys WHERE name = $1 OR id = $2 ORDER BY name = $1 DESC LIMIT 1",
            [.text(nameOrID), id.map { .uuid($0) } ?? .null])
        return try rows.first.map(APIKey.init(row:))
    }

    /// Marks the key revoked now (once: a revoked key keeps its first revocation time); returns it as stored.
    public func revoke(_ id: UUID) async throws -> APIKey? {
        try await Self.revoke(id, on: connection)
    }

    public static func revoke(_ id: UUID, on connection: isolated PostgresConnection) throws -> APIKey? {
        try connection.query(
            """
            UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 RETURNING \(APIKey.columns)
            """,
            [.uuid(id)]
        ).first.map(APIKey.init(row:))
    }
}
