import Admin
import HTTPTypes
import OpenAPIRuntime
import Store

/// Every `/v1` operation needs `Authorization: Bearer <key>` of a live key (401 otherwise); only write keys may use
/// anything but GET (403). The request then runs as the key's name, for the audit log.
///
/// Live keys are remembered by hash (`AdminCaches`): a key seen before costs no database read. Unknown and revoked
/// keys are looked up every time, so they never fill the cache.
struct APIKeyAuthentication: ServerMiddleware {
    let pool: PostgresPool
    let keys: NotifiedCache<String, APIKey>

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        guard let header = request.headerFields[.authorization], let secret = BearerToken.parse(header) else {
            return Problem(.unauthorized, "unauthorized", detail: "send Authorization: Bearer <API key>").challenge
        }
        guard let hash = APIKeyOperations.hash(ofKey: secret),
            let key = try await keys.value(
                for: hash, load: { try await APIKeyOperations(connection: pool.connection()).authenticate(hash: hash) })
        else {
            return Problem(.unauthorized, "unauthorized", detail: "unknown or revoked API key").challenge
        }
        if request.method != .get && key.scope != .write {
            return Problem(
                .forbidden, "forbidden", detail: "the key '\(key.name)' has scope read: it cannot change anything"
            )
            .response
        }
        return try await AuditActor.$name.withValue(key.name) { try await next(request, body, metadata) }
    }
}

extension Problem {
    /// A 401 with the `WWW-Authenticate` challenge RFC 9110 asks for.
    fileprivate var challenge: (HTTPResponse, HTTPBody?) {
        var (response, body) = response
        response.headerFields[.wwwAuthenticate] = #"Bearer realm="evmhook""#
        return (response, body)
    }
}
