import Admin
import HTTPTypes
import Logging
import OpenAPIRuntime

/// Turns whatever a handler (or the generated request decoding) throws into a problem details response: a refused
/// field is 400 naming it, an unknown id 404, a request the document does not allow 400, anything else 500 (logged,
/// never shown: its text may name internals).
struct ProblemMiddleware: ServerMiddleware {
    let logger: Logger

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        do {
            return try await next(request, body, metadata)
        } catch {
            return problem(for: error, operationID: operationID).response
        }
    }

    func problem(for error: any Error, operationID: String) -> Problem {
        let underlying = (error as? ServerError)?.underlyingError ?? error
        switch underlying {
        case let problem as Problem:
            return problem
        case let refusal as FieldError:
            return Problem(.badRequest, "invalid-field", detail: refusal.description, field: refusal.field)
        case let missing as NotFoundError:
            return Problem(.notFound, "not-found", detail: missing.description)
        default:
            if let serverError = error as? ServerError, (400..<500).contains(serverError.httpStatus.code) {
                return Problem(
                    serverError.httpStatus, "invalid-request",
                    detail: serverError.causeDescription,
                    field: Self.field(of: serverError.underlyingError))
            }
            logger.error(
                "admin API request failed", metadata: ["operation": "\(operationID)", "error": "\(underlying)"])
            return Problem(.internalServerError, "internal", detail: "the request failed; the server log says why")
        }
    }

    /// The JSON path of the body member a decoding error is about (`url`, `events.0`), when it names one.
    static func field(of error: any Error) -> String? {
        let context: DecodingError.Context
        switch error as? DecodingError {
        case .typeMismatch(_, let found), .valueNotFound(_, let found), .dataCorrupted(let found): context = found
        case .keyNotFound(let key, let found):
            return (found.codingPath + [key]).map(\.stringValue).joined(separator: ".")
        case nil: return nil
        @unknown default: return nil
        }
        return context.codingPath.isEmpty ? nil : context.codingPath.map(\.stringValue).joined(separator: ".")
    }
}
