import CLibPQ
import Foundation

/// A database URL (`postgres://user:pass@host:port/db`, `?host=/socket/dir`) checked before connecting.
///
/// Its `description` shows `user@host:port/db` and never the password; `redact(_:)` scrubs the password from any
/// text that might quote it (libpq error messages, logs).
public struct PostgresURL: Sendable, CustomStringConvertible {
    /// The URL as given, password included: only ever handed to libpq.
    let string: String
    private let secrets: [String]
    private let summary: String

    /// Parses `string` with libpq's own parser, so what passes here is what `PQconnectdb` will accept.
    ///
    /// - Throws: `PostgresError` coded `.invalidURL`, with a message that does not quote the password.
    public init(_ string: String) throws {
        let rawPassword = Self.rawPassword(in: string)
        guard string.hasPrefix("postgres://") || string.hasPrefix("postgresql://") else {
            throw PostgresError(.invalidURL, "a database URL starts with postgres:// or postgresql://")
        }
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(string, &errorMessage) else {
            let reason = errorMessage.map { String(cString: $0) } ?? "unparseable"
            PQfreemem(errorMessage)
            throw PostgresError(.invalidURL, Self.scrub(reason, [rawPassword].compactMap { $0 }))
        }
        defer { PQconninfoFree(options) }
        var values: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { values[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        self.string = string
        secrets = [rawPassword, values["password"]].compactMap { $0 }.filter { !$0.isEmpty }
        for port in (values["port"] ?? "").split(separator: ",", omittingEmptySubsequences: false)
        where !port.isEmpty && !(Int(port).map { (1...65_535).contains($0) } ?? false) {
            throw PostgresError(.invalidURL, "port \(port) is not a number from 1 to 65535")
        }
        let host = values["host"] ?? values["hostaddr"] ?? "localhost"
        let user = values["user"].map { "\($0)@" } ?? ""
        summary = user + host + ":" + (values["port"] ?? "5432") + "/" + (values["dbname"] ?? "")
    }

    /// `user@host:port/db`, safe to print and log.
    public var description: String { summary }

    /// `text` with every occurrence of the password (raw and percent-decoded) replaced by `***`.
    public func redact(_ text: String) -> String { Self.scrub(text, secrets) }

    private static func scrub(_ text: String, _ secrets: [String]) -> String {
        secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: "***") }
    }

    /// The password as written between `user:` and `@`, found without trusting any parser to succeed.
    private static func rawPassword(in url: String) -> String? {
        guard let scheme = url.range(of: "://") else { return nil }
        let rest = url[scheme.upperBound...]
        let authority = rest[..<(rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex)]
        guard let at = authority.lastIndex(of: "@") else { return nil }
        let userInfo = authority[..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return nil }
        let password = String(userInfo[userInfo.index(after: colon)...])
        return password.isEmpty ? nil : password
    }
}
