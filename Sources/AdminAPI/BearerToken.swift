/// The token of an `Authorization: Bearer <token>` header (RFC 6750 §2.1): the scheme matched without regard to
/// case, the token without the optional whitespace (spaces, tabs) around it.
///
/// Read as bytes: every `/v1` request parses one, and Foundation's `lowercased()` + `trimmingCharacters(in:)` cost
/// ~5 % of the API's CPU under load (perf, BENCHMARKS.md).
enum BearerToken {
    /// The token, or nil when the header is not a bearer credential or carries an empty token.
    static func parse(_ header: String) -> Substring? {
        let utf8 = header.utf8
        let scheme = "bearer".utf8
        guard utf8.count > scheme.count,
            zip(utf8, scheme).allSatisfy({ byte, expected in byte | 0x20 == expected }),
            isOptionalWhitespace(utf8[utf8.index(utf8.startIndex, offsetBy: scheme.count)])
        else { return nil }
        let rest = utf8.dropFirst(scheme.count)
        guard let first = rest.firstIndex(where: { !isOptionalWhitespace($0) }),
            let last = rest.lastIndex(where: { !isOptionalWhitespace($0) })
        else { return nil }
        return header[first...last]
    }

    private static func isOptionalWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
}
