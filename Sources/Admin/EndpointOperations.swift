import ChainKit
import Delivery
public import Foundation
public import LibPQ
public import Store

/// What the CLI's `endpoint` commands and the API's `/v1/endpoints` do: the same checks, the same errors, one audit
/// entry per change (before/after without secrets).
public struct EndpointOperations: Sendable {
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
        let created = try await store.insert(endpoint)
        try await audit.record("endpoint.create", "endpoint", created.id.lowercased, before: nil, after: created.json())
        return created
    }

    public func find(_ id: UUID) async throws -> Endpoint {
        guard let endpoint = try await store.find(id) else { throw NotFoundError("endpoint", id.lowercased) }
        return endpoint
    }

    /// Applies the fields given; the others stay.
    public func update(_ id: UUID, _ input: EndpointInput) async throws -> Endpoint {
        let before = try await find(id)
        var endpoint = before
        try await input.apply(to: &endpoint, allowPrivateTargets: allowPrivateTargets)
        guard try await store.update(endpoint), let after = try await store.find(id) else {
            throw NotFoundError("endpoint", id.lowercased)
        }
        try await audit.record("endpoint.update", "endpoint", id.lowercased, before: before.json(), after: after.json())
        return after
    }

    /// Enables or disables (a user's choice: no reason recorded).
    public func setEnabled(_ id: UUID, _ enabled: Bool) async throws -> Endpoint {
        let before = try await find(id)
        guard try await store.setEnabled(id, enabled), let after = try await store.find(id) else {
            throw NotFoundError("endpoint", id.lowercased)
        }
        try await audit.record(
            enabled ? "endpoint.enable" : "endpoint.disable", "endpoint", id.lowercased, before: before.json(),
            after: after.json())
        return after
    }

    public func delete(_ id: UUID) async throws {
        let before = try await find(id)
        guard try await store.delete(id) else { throw NotFoundError("endpoint", id.lowercased) }
        try await audit.record("endpoint.delete", "endpoint", id.lowercased, before: before.json(), after: nil)
    }

    /// Makes `secret` (or a generated one) current; the previous one keeps signing for `grace`. Returns the
    /// endpoint with its new secret.
    public func rotateSecret(_ id: UUID, secret: String?, grace: Duration) async throws -> Endpoint {
        let newSecret: String
        do {
            newSecret = try secret.map { try WebhookSecret(parsing: $0) }?.encoded ?? WebhookSecret.generate().encoded
        } catch let error as WebhookSecretError {
            throw FieldError("secret", "\(error)")
        }
        let before = try await find(id)
        let seconds = Double(grace.components.seconds) + Double(grace.components.attoseconds) / 1e18
        guard
            let rotated = try await store.rotateSecret(
                id, to: newSecret, previousValidUntil: Date().addingTimeInterval(seconds))
        else { throw NotFoundError("endpoint", id.lowercased) }
        try await audit.record(
            "endpoint.rotate_secret", "endpoint", id.lowercased, before: before.json(), after: rotated.json())
        return rotated
    }
}
