import Foundation
import HTTPTypes
import OpenAPIRuntime

/// `PATCH /v1/endpoints/{id}` with `"rate_limit_per_second": null` or `"max_attempts": null` clears them, as JSON
/// Merge Patch (RFC 7396) reads a null and as `POST` already does. The generated decoding cannot tell a null from
/// an absent member (both are "not given", so the null was silently ignored): such nulls are rewritten to the
/// document's `"none"` / `"default"` before it decodes the body.
struct PatchNulls: ServerMiddleware {
    /// The members whose null means "clear", with the value that says so in the document.
    static let clearing = ["rate_limit_per_second": "none", "max_attempts": "default"]
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
        return try await next(request, HTTPBody(Self.rewritten(bytes) ?? bytes), metadata)
    }

    /// The body with its clearing nulls replaced; nil when there are none (or it is not a JSON object: the decoder
    /// says what is wrong with it).
    static func rewritten(_ bytes: [UInt8]) -> [UInt8]? {
        guard var object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] else { return nil }
        var changed = false
        for (member, value) in clearing where object[member] is NSNull {
            object[member] = value
            changed = true
        }
        guard changed, let data = try? JSONSerialization.data(withJSONObject: object) else { return nil }
        return Array(data)
    }
}
