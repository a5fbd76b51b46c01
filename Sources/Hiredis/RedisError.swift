/// An error from the Redis wrapper: what went wrong (`code`), the server's or the library's text, and where.
///
/// `description` is safe to print and log: it names the server as `host:port` and the command by its name only,
/// never a password or an argument.
public struct RedisError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure; compare with the static members (`error.code == .connectionLost`).
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Kind: String, Sendable {
            case invalidURL = "invalid URL"
            case connectionFailed = "connection failed"
            case connectionLost = "connection lost"
            case authenticationFailed = "handshake refused"
            case server = "server error"
            case transactionAborted = "transaction aborted"
            case unexpectedReply = "unexpected reply"
            case closed = "connection closed"
        }

        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// The URL does not have the form `redis://[[user]:password@]host[:port][/db]`.
        public static let invalidURL = Code(.invalidURL)
        /// No connection could be opened (refused, unreachable, timed out), including after reconnect attempts.
        public static let connectionFailed = Code(.connectionFailed)
        /// The connection died during the command: it may or may not have run. The next command reconnects.
        public static let connectionLost = Code(.connectionLost)
        /// `AUTH` or `SELECT` was refused while connecting.
        public static let authenticationFailed = Code(.authenticationFailed)
        /// The server answered with an error reply; `message` holds its text (`WRONGTYPE …`, `NOSCRIPT …`).
        public static let server = Code(.server)
        /// `EXEC` refused the transaction because a queued command was rejected (`EXECABORT`).
        public static let transactionAborted = Code(.transactionAborted)
        /// The reply did not have the shape the helper expected (a bug or a server far from Redis 7).
        public static let unexpectedReply = Code(.unexpectedReply)
        /// `close()` was called; the connection takes no more commands.
        public static let closed = Code(.closed)

        public var description: String { kind.rawValue }
    }

    /// The kind of failure.
    public let code: Code
    /// The server's error text for `.server`, otherwise the library's explanation.
    public let message: String
    /// The command's name (`BRPOP`), when the failure belongs to a command.
    public let command: String?
    /// `host:port` of the server, when known.
    public let server: String?

    /// Creates an error; `command` must be a command name, never a full argument list.
    public init(code: Code, message: String, command: String? = nil, server: String? = nil) {
        self.code = code
        self.message = message
        self.command = command
        self.server = server
    }

    /// The first word of a server error (`WRONGTYPE`, `NOSCRIPT`, `ERR`), or nil for other codes.
    public var serverErrorPrefix: String? {
        guard code == .server || code == .transactionAborted else { return nil }
        return message.split(separator: " ", maxSplits: 1).first.map(String.init)
    }

    public var description: String {
        var text = "Redis \(code): \(message)"
        let context = [command.map { "command \($0)" }, server.map { "server \($0)" }].compactMap { $0 }
        if !context.isEmpty { text += " (\(context.joined(separator: ", ")))" }
        return text
    }
}

extension RedisError {
    /// The same error, naming `command` (by its name only: arguments may hold secrets).
    func about(_ command: [RedisArgument]) -> RedisError {
        RedisError(code: code, message: message, command: command.first?.text, server: server)
    }
}
