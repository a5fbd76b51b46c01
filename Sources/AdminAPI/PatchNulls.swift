import Foundation
import HTTPTypes
import OpenAPIRuntime
import Store

/// `PATCH /v1/endpoints/{id}` reads a null as JSON Merge Patch (RFC 7396) does: it removes the member, i.e. puts back
/// what an endpoint created without it has. The generated decoding cannot tell a null from an absent member (both
/// are "not given", so nulls were silently ignored): such nulls are rewritten to the document's own value for "as
/// created without it" before it decodes the body. A null for a member every endpoint has (`url`, `chain_id`) is a
/// 400 naming it, and so is a member another operation changes (`secret`, `enabled`).
struct PatchNulls: ServerMiddleware {
    /// Members every endpoint has: a null cannot remove them.
    static let required = ["url", "chain_id"]
    /// Members an update does not change, with the operation that does: the generated decoding would ignore them,
    /// answering 200 with nothing changed.
    static let changedElsewhere = [
        "secret": "POST /v1/endpoints/{id}/rotate-secret", "enabled": "POST /v1/endpoints/{id}/enable or /disable",
    ]
    /// An endpoint's JSON is a few kB; its event list is bounded by validation.
    static let largestBody = 1 << 20

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        guard operationID == Operations.UpdateEndpoint.id, let body else {
            return try await next(request, body, metadata)
        }
        let bytes = try await body.bytes(upTo: Self.largestBody)
        return try await next(request, HTTPBody(try Self.rewritten(bytes) ?? bytes), metadata)
    }

    /// What a null stands for in `member`; nil for members that have no "as created without it" value (and for
    /// unknown members, which the decoder ignores anyway).
    static func replacement(forNull member: String) -> Any? {
        switch member {
        case "rate_limit_per_second": "none"
        case "max_attempts": "default"
        case "timeout_ms": Endpoint.defaultTimeoutMilliseconds
        case "description": ""
        // No list is no restriction: any contract, any topics, no events (and no topic 0 from them).
        case "addresses", "topics", "events": [Any]()
        default: nil
        }
    }

    /// The body with its nulls replaced; nil when there are none (or it is not a JSON object: the decoder says what is
    /// wrong with it).
    ///
    /// - Throws: `Problem` (400) when `url` or `chain_id` is null, or `secret` or `enabled` is given at all.
    static func rewritten(_ bytes: [UInt8]) throws -> [UInt8]? {
        guard var object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] else { return nil }
        if let (member, operation) = changedElsewhere.first(where: { object[$0.key] != nil }) {
            throw Problem(.badRequest, "invalid-field", detail: "\(member) changes with \(operation)", field: member)
        }
        if let member = required.first(where: { object[$0] is NSNull }) {
            throw Problem(
                .badRequest, "invalid-field", detail: "\(member) cannot be null: every endpoint has one", field: member)
        }
        var changed = false
        for (member, value) in object where value is NSNull {
            guard let replacement = replacement(forNull: member) else { continue }
            object[member] = replacement
            changed = true
        }
        guard changed, let data = try? JSONSerialization.data(withJSONObject: object) else { return nil }
        return Array(data)
    }
}
