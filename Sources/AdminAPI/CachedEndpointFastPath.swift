import Admin
import Foundation
import Hummingbird
import Store
import UUIDText

/// `GET /v1/endpoints/{id}` answered before routing when both the caller's key and the endpoint's encoded answer are
/// cached: the request then costs a path check, a hash, two dictionary reads and a write of kept bytes.
///
/// The read clients poll cost ~1.7× the CPU of the static `/openapi.yaml`, and its p99 under load was over the 5 ms
/// issue 10 asks: bridging into the generated server and streaming its answer back as an `HTTPBody` cost as much as
/// everything else, and routing another ~7 % (BENCHMARKS.md). Anything this path does not find (an unknown or revoked
/// key, an endpoint not cached or not yet encoded, an `Accept` to negotiate, any other path) goes on to the router,
/// whose middlewares authenticate, answer and fill the caches exactly as before; so this path never decides
/// anything they would decide differently.
struct CachedEndpointFastPath<Next: HTTPResponder<BasicRequestContext>>: HTTPResponder {
    let keys: NotifiedCache<String, APIKey>
    let endpoints: NotifiedCache<UUID, CachedEndpoint>
    let next: Next

    func respond(to request: Request, context: BasicRequestContext) async throws -> Response {
        guard request.method == .get, let id = Self.endpointID(inPath: request.uri.path),
            let header = request.headers[.authorization], let secret = BearerToken.parse(header),
            let hash = APIKeyOperations.hash(ofKey: secret), keys.cachedValue(for: hash) != nil,
            CachedEndpointResponses.acceptsJSON(request.head), let answer = endpoints.cachedValue(for: id)?.answer
        else { return try await next.respond(to: request, context: context) }
        return Response(
            status: answer.head.status, headers: answer.head.headerFields, body: .init(byteBuffer: answer.buffer))
    }

    /// The id of a path that is exactly `/v1/endpoints/{id}`; nil for any other (the router resolves those, a
    /// trailing slash included).
    static func endpointID(inPath path: String) -> UUID? {
        let prefix = "/v1/endpoints/".utf8
        let utf8 = path.utf8
        guard utf8.count == prefix.count + 36, utf8.starts(with: prefix) else { return nil }
        return UUID(text: ArraySlice(utf8.dropFirst(prefix.count)))
    }
}
