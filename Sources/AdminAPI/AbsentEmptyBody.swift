import HTTPTypes
import OpenAPIRuntime

/// An empty request body where the document makes the body optional (`POST …/rotate-secret`) is no body: the
/// generated server would decode it as JSON and refuse it with a 400 (`curl -X POST` with no data is the way most
/// users call it).
struct AbsentEmptyBody: ServerMiddleware {
    /// Operations whose request body is `required: false` in openapi.yaml.
    static let optionalBodies: Set<String> = [Operations.RotateEndpointSecret.id]
    /// An optional body is small (a secret, a grace period); a larger one is refused by the decoder as before.
    static let largestBody = 64 << 10

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        guard Self.optionalBodies.contains(operationID), let body else {
            return try await next(request, body, metadata)
        }
        if case .known(let length) = body.length, length > 0 { return try await next(request, body, metadata) }
        let bytes = try await body.bytes(upTo: Self.largestBody)
        return try await next(request, bytes.isEmpty ? nil : HTTPBody(bytes), metadata)
    }
}
