import Foundation

/// An error from the PostgreSQL wrapper: what went wrong (`code`), the server's SQLSTATE when it answered, and
/// text that is safe to print (never a password).
public struct PostgresError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure this is; compare with the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case invalidURL, connectionFailed, connectionLost, connectionClosed, server, protocolViolation
            case unknownColumn, unexpectedNull, typeMismatch, invalidValue
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The database URL is malformed (bad input, not a runtime failure).
        public static let invalidURL = Code(.invalidURL)
        /// The server could not be reached or refused the session (network, authentication, unknown database).
        public static let connectionFailed = Code(.connectionFailed)
        /// The connection dropped while a command was in flight: its outcome is unknown.
        public static let connectionLost = Code(.connectionLost)
        /// The connection was used after `close()`.
        public static let connectionClosed = Code(.connectionClosed)
        /// The server rejected the command; `sqlState` says why.
        public static let server = Code(.server)
        /// libpq returned something the wrapper did not expect for the command it sent.
        public static let protocolViolation = Code(.protocolViolation)
        /// A row was asked for a column the result does not have.
        public static let unknownColumn = Code(.unknownColumn)
        /// A column was NULL where a non-optional type was asked for.
        public static let unexpectedNull = Code(.unexpectedNull)
        /// A column's PostgreSQL type cannot be read as the Swift type asked for.
        public static let typeMismatch = Code(.typeMismatch)
        /// A value cannot be written or read in its type's format (a NUL in text, unparseable column text).
        public static let invalidValue = Code(.invalidValue)

        public var description: String { base.rawValue }
    }

    /// What kind of failure this is.
    public let code: Code
    /// The five-character SQLSTATE the server reported (`23505` unique violation, `42601` syntax error), if any.
    public let sqlState: String?
    /// The primary message, on one line.
    public let message: String
    /// The server's DETAIL field, if any.
    public let detail: String?
    /// Where the error happened, without secrets: `host:port/db`, a column name.
    public let context: String?

    /// Builds an error; multi-line libpq messages are folded onto one line so a CLI prints one line.
    public init(
        _ code: Code,
        _ message: String,
        sqlState: String? = nil,
        detail: String? = nil,
        context: String? = nil
    ) {
        self.code = code
        self.message = Self.oneLine(message)
        self.sqlState = sqlState
        self.detail = detail.map(Self.oneLine)
        self.context = context
    }

    public var description: String {
        var text = "postgres \(code)"
        if let context { text += " (\(context))" }
        if let sqlState { text += " [\(sqlState)]" }
        text += ": \(message)"
        if let detail, !detail.isEmpty { text += " (detail: \(detail))" }
        return text
    }

    /// libpq messages end in a newline and continue on tab-indented lines ("Is the server running…").
    private static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .joined(separator: "; ")
    }
}
