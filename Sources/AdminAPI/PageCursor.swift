import Admin
import Foundation

/// The opaque `cursor`/`next_cursor` of paginated lists: base64url of the position the next page starts after.
enum PageCursor {
    static func encode(_ position: String) -> String {
        Data(position.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// The position, or a refusal naming `cursor` when the text is not one this API made.
    static func decode(_ cursor: String) throws -> String {
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else {
            throw FieldError("cursor", "not a cursor this API returned")
        }
        return text
    }

    /// An integer position (an id), from `decode`.
    static func decodeID(_ cursor: String?) throws -> Int64? {
        guard let cursor else { return nil }
        guard let id = Int64(try decode(cursor)) else {
            throw FieldError("cursor", "not a cursor this API returned")
        }
        return id
    }
}
