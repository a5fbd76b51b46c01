import Admin
import Foundation
import Hummingbird
import Store
import UUIDText

/// `GET /v1/endpoints/{id}` answered before the OpenAPI transport when both the caller's key and the endpoint's
/// encoded answer are cached: the request then costs a hash, two dictionary reads and a write of kept bytes.
///
/// Bridging a request into the generated server and its answer back (a streamed `HTTPBody`) cost about as much as
/// everything else in a cached read, and kept it at ~1.7× the CPU of the static `/openapi.yaml` (BENCHMARKS.md).
/// Anything this path does not find (an unknown or revoked key, an endpoint not cached or not yet encoded, an
/// `Accept` to negotiate) goes on to the generated server, whose middlewares authenticate, answer and fill the
/// caches exactly as before; so this path never decides anything those would decide differently.
struct CachedEndpointFastPath<Context: RequestContext>: RouterMiddleware {
    /// The route as Hummingbird names it (`RouterPath.description`).
    static var route: String { "/v1/endpoints/{id}" }

    let keys: NotifiedCache<String, APIKey>
    let endpoints: NotifiedCache<UUID, CachedEndpoint>

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard request.method == .get, context.endpointPath == Self.route,
            let header = request.headers[.authorization], let secret = BearerToken.parse(header),
            let hash = APIKeyOperations.hash(ofKey: secret), keys.cachedValue(for: hash) != nil,
            CachedEndpointResponses.acceptsJSON(request.head),
            let text = context.parameters.get("id"), let id = UUID(text: ArraySlice(text.utf8)),
            let answer = endpoints.cachedValue(for: id)?.answer
        else { return try await next(request, context) }
        return Response(
            status: answer.head.status, headers: answer.head.headerFields, body: .init(byteBuffer: answer.buffer))
    }
}
