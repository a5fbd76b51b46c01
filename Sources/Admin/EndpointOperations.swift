import ChainKit
import Delivery
public import Foundation
public import LibPQ
public import Store
import UUIDText

/// What the CLI's `endpoint` commands and the API's `/v1/endpoints` do: the same checks, the same errors, one audit
/// entry per change (before/after without secrets).
public struct EndpointOperations: Sendable {
    /// How long a rotated-out secret may keep signing, at most (the CLI and the API share it).
    public static let longestGrace = Duration.seconds(2_592_000)

    public let store: EndpointStore
    let audit: AuditTrail
    let allowPrivateTargets: Bool

    public init(connection: PostgresConnection, allowPrivateTargets: Bool) {
        store = EndpointStore(connection: connection)
        audit = AuditTrail(connection: connection)
        self.allowPrivateTargets = allowPrivateTargets
    }

    /// Registers an endpoint from `input` (url and chain required) with a generated secret unless one is given;
    /// returns it as stored, with its secret.
    public func create(_ input: EndpointInput, enabled: Bool = true) async throws -> Endpoint {
        guard input.url != nil else { throw FieldError("url", "required") }
        guard input.chainID != nil else { throw FieldError("chain_id", "required") }
        var endpoint = Endpoint(url: "", chainID: 1, secret: try WebhookSecret.generate().encoded, enabled: enabled)
        try await input.apply(to: &endpoint, allowPrivateTargets: allowPrivateTargets)
        let checked = endpoint
        return try await audit.transaction { connection in
            let created = try EndpointStore.insert(checked, on: connection)
            return (
                created, .init("endpoint.create", "endpoint", created.id.lowercased, before: nil, after: created.json())
            )
        }
    }

    public func find(_ id: UUID) async throws -> Endpoint {
        guard let endpoint = try await store.find(id) else { throw NotFoundError("endpoint", id.lowercased) }
        return endpoint
    }

    /// Applies the fields given; the others stay.
    public func update(_ id: UUID, _ input: EndpointInput) async throws -> Endpoint {
        // Replaced in place, a secret would fail every receiver at once, and the audit (which never shows secrets)
        // would not even say it changed: a rotation keeps the previous one valid for a grace period and is audited.
        if input.secret != nil {
            throw FieldError("secret", "a secret changes by rotation (rotate-secret, with a grace period, 0s for none)")
        }
        let before = try await find(id)
        var endpoint = before
        try await input.apply(to: &endpoint, allowPrivateTargets: allowPrivateTargets)
        // A change that changes nothing (`PATCH {}`, a value set to what it is) is no change: no write, no new
        // `updated_at`, no audit entry.
        if endpoint == before { return before }
        let checked = endpoint
        return try await audit.transaction { connection in
            guard try EndpointStore.update(checked, on: connection),
                let after = try EndpointStore.find(id, on: connection)
            else { throw NotFoundError("endpoint", id.lowercased) }
            return (
                after, .init("endpoint.update", "endpoint", id.lowercased, before: before.json(), after: after.json())
            )
        }
    }

    /// Enables or disables (a user's choice: no reason recorded).
    public func setEnabled(_ id: UUID, _ enabled: Bool) async throws -> Endpoint {
        let before = try await find(id)
        // Already so, by a user's choice: no change. (Disabling an endpoint Delivery disabled still clears its reason.)
        if before.enabled == enabled && before.disabledReason == nil { return before }
        return try await audit.transaction { connection in
            guard try EndpointStore.setEnabled(id, enabled, on: connection),
                let after = try EndpointStore.find(id, on: connection)
            else { throw NotFoundError("endpoint", id.lowercased) }
            let action = enabled ? "endpoint.enable" : "endpoint.disable"
            return (after, .init(action, "endpoint", id.lowercased, before: before.json(), after: after.json()))
        }
    }

    public func delete(_ id: UUID) async throws {
        let before = try await find(id)
        try await audit.transaction { connection in
            guard try EndpointStore.delete(id, on: connection) else { throw NotFoundError("endpoint", id.lowercased) }
            return ((), .init("endpoint.delete", "endpoint", id.lowercased, before: before.json(), after: nil))
        }
    }

    /// Makes `secret` (or a generated one) current; the previous one keeps signing for `grace`. Returns the
    /// endpoint with its new secret.
    public func rotateSecret(_ id: UUID, secret: String?, grace: Duration) async throws -> Endpoint {
        guard grace >= .zero && grace <= Self.longestGrace else {
            throw FieldError("grace_seconds", "\(grace.components.seconds) s is not from 0 to 2592000 (30 days)")
        }
        let newSecret: String
        do {
            newSecret = try secret.map { try WebhookSecret(parsing: $0) }?.encoded ?? WebhookSecret.generate().encoded
        } catch let error as WebhookSecretError {
            throw FieldError("secret", "\(error)")
        }
        let before = try await find(id)
        let seconds = Double(grace.components.seconds) + Double(grace.components.attoseconds) / 1e18
        let validUntil = Date().addingTimeInterval(seconds)
        return try await audit.transaction { connection in
            guard
                let rotated = try EndpointStore.rotateSecret(
                    id, to: newSecret, previousValidUntil: validUntil, on: connection)
            else { throw NotFoundError("endpoint", id.lowercased) }
            return (
                rotated,
                .init("endpoint.rotate_secret", "endpoint", id.lowercased, before: before.json(), after: rotated.json())
            )
        }
    }
}
