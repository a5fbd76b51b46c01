public import ChainKit
public import Foundation
public import LibPQ
import OpenSSL
public import Store
import UUIDText

/// `evmhook apikey` and the API's authentication: keys are `ehk_` + base64url of 32 random bytes, shown once and
/// kept as their SHA-256.
public struct APIKeyOperations: Sendable {
    public static let keyPrefix = "ehk_"

    let store: APIKeyStore
    let audit: AuditTrail

    public init(connection: PostgresConnection) {
        store = APIKeyStore(connection: connection)
        audit = AuditTrail(connection: connection)
    }

    /// A new key named `name`; returns it with the key text, which nothing stores.
    public func create(name: String, scope: String) async throws -> (key: APIKey, secret: String) {
        guard !name.isEmpty, name.count <= 100, !name.contains(where: \.isNewline) else {
            throw FieldError("name", "'\(name)' is not a name (1–100 characters on one line)")
        }
        guard let scope = APIKeyScope(rawValue: scope) else {
            throw FieldError("scope", "'\(scope)' is neither read nor write")
        }
        let secret = Self.keyPrefix + Self.base64URL(try SecureRandom.bytes(count: 32))
        let key = APIKey(name: name, scope: scope, keyHash: Self.hash(secret[...]))
        do {
            try await audit.transaction { connection in
                try APIKeyStore.insert(key, on: connection)
                return ((), .init("api_key.create", "api_key", key.id.lowercased, before: nil, after: Self.json(key)))
            }
        } catch let error as PostgresError where error.sqlState == "23505" {
            throw FieldError("name", "a key named '\(name)' exists")
        }
        return (key, secret)
    }

    public func list() async throws -> [APIKey] {
        try await store.list()
    }

    /// Revokes the key with this name or id; revoking a revoked key changes nothing and is not audited again.
    ///
    /// Returns once every running admin API has forgotten its cached keys (they confirm in `api_key_caches`), so the
    /// next request with the key is refused wherever it arrives.
    ///
    /// - Throws: `RevocationUnconfirmedError` when a process seen lately has not confirmed within `confirmation`
    ///   (the revocation itself is committed then).
    public func revoke(_ nameOrID: String, confirmation: Duration = .seconds(5)) async throws -> APIKey {
        guard let before = try await store.find(nameOrID: nameOrID) else { throw NotFoundError("api key", nameOrID) }
        let after = try await audit.transaction { connection in
            guard let after = try APIKeyStore.revoke(before.id, on: connection) else {
                throw NotFoundError("api key", nameOrID)
            }
            let record = AuditTrail.Record(
                "api_key.revoke", "api_key", after.id.lowercased, before: Self.json(before), after: Self.json(after))
            return (after, before.revokedAt == nil ? record : nil)
        }
        let registry = APIKeyCacheRegistry(connection: store.connection)
        let sync = try await registry.startSync()
        let deadline = ContinuousClock.now + confirmation
        var waiting = try await registry.unconfirmed(sync)
        while !waiting.isEmpty && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
            waiting = try await registry.unconfirmed(sync)
        }
        guard waiting.isEmpty else { throw RevocationUnconfirmedError(key: after.name, processes: waiting) }
        return after
    }

    /// The live key whose text hashes to `hash` (see `hash(ofKey:)`); nil for an unknown or revoked key.
    public func authenticate(hash: String) async throws -> APIKey? {
        guard let key = try await store.find(hash: hash), key.revokedAt == nil else { return nil }
        // The lookup matched on the hash already; comparing again in constant time keeps the decision itself free of
        // timing that depends on the stored value.
        return ConstantTime.equals(Array(key.keyHash.utf8), Array(hash.utf8)) ? key : nil
    }

    /// What `api_keys.key_hash` holds for the key text `secret`; nil when it cannot be a key (no `ehk_` prefix).
    public static func hash(ofKey secret: Substring) -> String? {
        // Compared as bytes: `hasPrefix` compares Characters, ~1 % of a cached API read.
        secret.utf8.starts(with: keyPrefix.utf8) ? hash(secret) : nil
    }

    /// The key as listed and audited (never its hash).
    public static func json(_ key: APIKey) -> JSONValue {
        .object([
            JSONMember("id", .string(key.id.lowercased)),
            JSONMember("name", .string(key.name)),
            JSONMember("scope", .string(key.scope.rawValue)),
            JSONMember("created_at", .string(Endpoint.timestamp(key.createdAt))),
            JSONMember("revoked_at", key.revokedAt.map { .string(Endpoint.timestamp($0)) } ?? .null),
        ])
    }

    static func hash(_ secret: Substring) -> String {
        // Lowercase hex without `0x`, in one pass: every API request hashes its key.
        String(Hex.encode(SHA256.hash(Array(secret.utf8))).dropFirst(2))
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Base64.encode(bytes).replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
