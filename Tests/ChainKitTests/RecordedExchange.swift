import Foundation
import Testing

/// One `.io` file of ethereum/execution-apis: a comment, a request line (`>> `) and a response line (`<< `).
struct RecordedExchange: CustomTestStringConvertible, Sendable {
    let file: String
    let request: String
    let response: String

    var testDescription: String { file }

    init(file: String) throws {
        self.file = file
        let text = String(decoding: try FixtureLoading.data(file), as: UTF8.self)
        let lines = text.split(separator: "\n").map(String.init)
        guard let request = lines.first(where: { $0.hasPrefix(">> ") }),
            let response = lines.first(where: { $0.hasPrefix("<< ") })
        else { throw FixtureLoading.Malformed(description: "\(file) lacks a request or a response line") }
        self.request = String(request.dropFirst(3))
        self.response = String(response.dropFirst(3))
    }

    /// Every exchange recorded for `method`.
    static func all(_ method: String) throws -> [RecordedExchange] {
        try FixtureLoading.files(in: "rpc/execution-apis/\(method)", withExtension: "io").map(RecordedExchange.init)
    }

    /// Whether two JSON texts hold the same values, as Foundation's parser sees them (member order aside).
    static func sameValues(_ lhs: String, _ rhs: String) throws -> Bool {
        let left = try JSONSerialization.jsonObject(with: Data(lhs.utf8), options: .fragmentsAllowed) as? NSObject
        let right = try JSONSerialization.jsonObject(with: Data(rhs.utf8), options: .fragmentsAllowed) as? NSObject
        return left != nil && left == right
    }
}
