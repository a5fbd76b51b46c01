public import Foundation

/// A `json` or `jsonb` value as the server prints it: raw JSON text, for the caller to decode as it likes.
public struct PostgresJSON: Sendable, Hashable, PostgresDecodable {
    /// The JSON text (`jsonb` prints keys sorted and spaced: `{"a": 1}`).
    public let text: String

    /// Wraps JSON text.
    public init(text: String) { self.text = text }

    /// The JSON text as UTF-8 bytes, ready for `JSONDecoder`.
    public var data: Data { Data(text.utf8) }

    /// `json` and `jsonb`.
    public static func decode(from cell: PostgresCell) throws -> PostgresJSON {
        try cell.requireType([.json, .jsonb], for: PostgresJSON.self)
        return PostgresJSON(text: try String.decode(from: cell))
    }
}
