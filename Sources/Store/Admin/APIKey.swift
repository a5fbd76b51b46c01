public import Foundation
import LibPQ

/// A row of `api_keys`: the key itself is never stored, only its SHA-256 (`keyHash`, hex).
public struct APIKey: Sendable, Hashable {
    public var id: UUID
    public var name: String
    public var scope: APIKeyScope
    public var keyHash: String
    public var createdAt: Date
    public var revokedAt: Date?

    public init(
        id: UUID = UUID(), name: String, scope: APIKeyScope, keyHash: String, createdAt: Date = Date(),
        revokedAt: Date? = nil
    ) {
        self.id = id
        self.name = name
        self.scope = scope
        self.keyHash = keyHash
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }

    static let columns = "id, name, scope, key_hash, created_at, revoked_at"

    init(row: PostgresRow) throws {
        id = try row.decode(UUID.self, "id")
        name = try row.decode(String.self, "name")
        let scopeText = try row.decode(String.self, "scope")
        guard let scope = APIKeyScope(rawValue: scopeText) else {
            throw PostgresError(
                .invalidValue, "scope '\(scopeText)' is neither read nor write", context: "api_keys.scope")
        }
        self.scope = scope
        keyHash = try row.decode(String.self, "key_hash")
        createdAt = try row.decode(Date.self, "created_at")
        revokedAt = try row.decode(Date?.self, "revoked_at")
    }
}
