import ChainKit
import Foundation
import OpenAPIRuntime
import Store

extension Endpoint {
    /// The endpoint in the API's schema (never its secrets).
    func api() throws -> Components.Schemas.Endpoint {
        Components.Schemas.Endpoint(
            id: id.uuidString.lowercased(), url: url, chainId: Int64(chainID),
            addresses: filter.addresses.map(\.description),
            topics: filter.topics.map { $0.isEmpty ? nil : $0.map(\.description) },
            events: try events.map { event in
                switch event.json {
                case .string(let signature): return .case1(signature)
                case let fragment: return .case2(.init(additionalProperties: try fragment.objectContainer()))
                }
            },
            enabled: enabled, disabledReason: disabledReason, rateLimitPerSecond: rateLimitPerSecond,
            maxAttempts: maxAttempts, timeoutMs: timeoutMilliseconds, description: description,
            previousSecretExpiresAt: previousSecretExpiresAt, createdAt: createdAt, updatedAt: updatedAt)
    }

    /// The endpoint with its current secret: only create and rotate-secret answer with it.
    func apiWithSecret() throws -> Components.Schemas.EndpointWithSecret {
        .init(value1: try api(), value2: .init(secret: secret))
    }
}

extension JSONValue {
    /// This JSON object as the generated types hold free-form objects.
    func objectContainer() throws -> OpenAPIObjectContainer {
        let object = try JSONSerialization.jsonObject(with: Data(serialized().utf8)) as? [String: (any Sendable)?]
        return try OpenAPIObjectContainer(unvalidatedValue: object ?? [:])
    }
}
