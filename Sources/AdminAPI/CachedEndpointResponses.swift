import Foundation
import HTTPTypes
import OpenAPIRuntime
import UUIDText

/// `GET /v1/endpoints/{id}`, the request clients poll, answered with the bytes it was last answered with while the
/// endpoint is cached: no path decoding, handler or JSON encoding (Foundation's encoder was ~14 % of the API's CPU).
///
/// It runs after authentication. A request finding no encoded answer goes through the generated server; a 200 it
/// answers is kept on the entry that was cached *before* the handler read the endpoint. The handler reads either
/// that entry or, when it was evicted meanwhile, a newer version from PostgreSQL: so the bytes kept are never older
/// than the entry, and a newer version only lands on an entry that has already left the cache. Evictions therefore
/// keep their meaning (read-your-writes, NOTIFY invalidation) for the encoded answer too.
struct CachedEndpointResponses: ServerMiddleware {
    let endpoints: NotifiedCache<UUID, CachedEndpoint>

    /// An answer larger than this is not kept (an endpoint's JSON is a few kB; its event list is bounded by
    /// validation).
    static let largestBody = 1 << 20

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        guard operationID == Operations.GetEndpoint.id, Self.acceptsJSON(request),
            let text = metadata.pathParameters["id"], let id = UUID(text: ArraySlice(text.utf8))
        else { return try await next(request, body, metadata) }
        let entry = endpoints.cachedValue(for: id)
        if let answer = entry?.answer { return (answer.head, HTTPBody(answer.body)) }
        let (head, answerBody) = try await next(request, body, metadata)
        guard let entry, head.status == .ok, let answerBody else { return (head, answerBody) }
        let bytes = try await [UInt8](collecting: answerBody, upTo: Self.largestBody)
        entry.keep(CachedEndpoint.Answer(head: head, body: bytes))
        return (head, HTTPBody(bytes))
    }

    /// Whether the request takes the JSON answer as it stands: no `Accept`, or one that names it plainly. Anything
    /// else goes through the generated server, which negotiates.
    static func acceptsJSON(_ request: HTTPRequest) -> Bool {
        switch request.headerFields[.accept] {
        case nil, "*/*", "application/json", "application/*": return true
        default: return false
        }
    }
}
