import Foundation
import HTTPTypes
import OpenAPIRuntime

/// An RFC 9457 problem details document (`application/problem+json`), as every error of the API is answered.
struct Problem: Encodable, Sendable, Error {
    var type: String
    var title: String
    var status: Int
    var detail: String
    var field: String?

    init(_ status: HTTPResponse.Status, _ slug: String, detail: String, field: String? = nil) {
        self.type = "https://evmhook.dev/problems/\(slug)"
        self.title = status.reasonPhrase
        self.status = status.code
        self.detail = detail
        self.field = field
    }

    /// The response carrying this problem.
    var response: (HTTPResponse, HTTPBody) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = (try? encoder.encode(self)) ?? Data(#"{"status":500}"#.utf8)
        var fields = HTTPFields()
        fields[.contentType] = "application/problem+json"
        return (HTTPResponse(status: HTTPResponse.Status(code: status), headerFields: fields), HTTPBody(body))
    }
}
