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
                let field =
                    Self.field(of: serverError.underlyingError)
                    ?? Self.malformedQueryParameter(serverError.underlyingError, in: serverError.request)
                    ?? Self.malformedDeadLetterID(
                        serverError.underlyingError, of: serverError.operationID, in: serverError.requestMetadata)
                let detail = Self.plainDetail(
                    serverError.underlyingError, field: field,
                    hasBody: [.post, .put, .patch].contains(serverError.request.method))
                return Problem(
                    serverError.httpStatus, "invalid-request", detail: detail ?? serverError.causeDescription,
                    field: field)
            }
            logger.error(
                "admin API request failed", metadata: ["operation": "\(operationID)", "error": "\(underlying)"])
            return Problem(.internalServerError, "internal", detail: "the request failed; the server log says why")
        }
    }

    /// The document's query parameters that are not strings, with the check their text must pass.
    private static let typedQueryParameters: [String: @Sendable (Substring) -> Bool] = [
        "limit": { Int($0) != nil }, "chain_id": { UInt64($0) != nil }, "enabled": { $0 == "true" || $0 == "false" },
        "status_class": { ["2xx", "3xx", "4xx", "5xx", "error"].contains($0) },
    ]

    /// The query parameter a decoding error is about: the generated decoding reports a malformed `?limit=ten` as a
    /// type mismatch (an unknown `?status_class=` as corrupted data) without a coding path, so the parameter is found
    /// as the typed one whose text does not convert.
    static func malformedQueryParameter(_ error: any Error, in request: HTTPRequest) -> String? {
        guard isWithoutCodingPath(error), let path = request.path,
            let query = path.split(separator: "?", maxSplits: 1).dropFirst().first
        else { return nil }
        let malformed = query.split(separator: "&").compactMap { item -> String? in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            guard let accepts = typedQueryParameters[name] else { return nil }
            return accepts(parts.count > 1 ? parts[1] : "") ? nil : name
        }
        return malformed.count == 1 ? malformed[0] : nil
    }

    /// `id` when a dead letter's id in the path is not a whole number: the document types it (an endpoint's id is
    /// text, checked by its handler), and the generated decoding reports it without naming it.
    static func malformedDeadLetterID(_ error: any Error, of operationID: String, in metadata: ServerRequestMetadata)
        -> String?
    {
        guard isWithoutCodingPath(error),
            [Operations.DeleteDeadLetter.id, Operations.RetryDeadLetter.id].contains(operationID),
            let id = metadata.pathParameters["id"], Int64(id) == nil
        else { return nil }
        return "id"
    }

    /// Whether `error` is a type mismatch or corrupted data that names no body member (a parameter's, then).
    private static func isWithoutCodingPath(_ error: any Error) -> Bool {
        switch error as? DecodingError {
        case .typeMismatch(_, let context), .dataCorrupted(let context): context.codingPath.isEmpty
        default: false
        }
    }

    /// What a decoding refusal means, in the API's words rather than the decoder's (`keyNotFound CodingKeys(…)`);
    /// nil when it is not one of these (the runtime's own text is kept).
    static func plainDetail(_ error: any Error, field: String?, hasBody: Bool) -> String? {
        guard let decoding = error as? DecodingError else { return nil }
        guard let field else {
            guard hasBody else { return nil }
            switch decoding {
            case .dataCorrupted(let context) where context.codingPath.isEmpty: return "the body is not valid JSON"
            case .valueNotFound(_, let context) where context.codingPath.isEmpty,
                .typeMismatch(_, let context) where context.codingPath.isEmpty:
                return "the body must be a JSON object"
            default: return nil
            }
        }
        switch decoding {
        case .keyNotFound: return "\(field) is required"
        // OpenAPIRuntime reports a `oneOf`/`anyOf` that no alternative decodes as a value not found, with the
        // alternatives' errors underneath: the value is there, of no documented form (`events: [5]`).
        case .valueNotFound(_, let context) where context.underlyingError != nil:
            return "\(field) has none of the forms the document allows (see /openapi.yaml)"
        case .valueNotFound: return "\(field) must not be null"
        case .typeMismatch(let type, _): return "\(field) must be \(kind(of: type)) (see /openapi.yaml)"
        case .dataCorrupted: return "\(field) has a value the document does not allow (see /openapi.yaml)"
        @unknown default: return nil
        }
    }

    /// A Swift type as the JSON it is decoded from.
    private static func kind(of type: Any.Type) -> String {
        switch type {
        case is String.Type, is Substring.Type: "a string"
        case is Bool.Type: "true or false"
        case is any BinaryInteger.Type: "a whole number"
        case is Double.Type, is Float.Type: "a number"
        case is [Any].Type: "a list"
        default: "a value of the documented form"
        }
    }

    /// The JSON path of the body member a decoding error is about (`url`, `events[0]`, `events[0].name`), when it
    /// names one.
    static func field(of error: any Error) -> String? {
        let path: [any CodingKey]
        switch error as? DecodingError {
        case .typeMismatch(_, let found), .valueNotFound(_, let found), .dataCorrupted(let found):
            path = found.codingPath
        case .keyNotFound(let key, let found): path = found.codingPath + [key]
        case nil: return nil
        @unknown default: return nil
        }
        guard !path.isEmpty else { return nil }
        // A list element's key is an index (its text is the decoder's "Index 0"): written as `[0]`.
        return path.reduce(into: "") { text, key in
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
    }
}
