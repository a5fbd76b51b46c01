/// An error thrown by `WebSocketClient` calls (what happens on the connection arrives as events instead).
public struct WebSocketError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, as a closed set callers can switch over.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case invalidURL = "invalid WebSocket URL"
            case notOpen = "connection not open"
            case messageTooLarge = "message too large"
            case threadUnavailable = "service thread unavailable"
        }
        private let value: Value

        /// The URL is not `ws://` or `wss://` with a host, an optional port and path.
        public static let invalidURL = Code(value: .invalidURL)
        /// The client was stopped or its connection has ended: nothing more can be sent.
        public static let notOpen = Code(value: .notOpen)
        /// An outgoing message is larger than `Configuration.maximumMessageSize`.
        public static let messageTooLarge = Code(value: .messageTooLarge)
        /// The operating system refused to start the service thread.
        public static let threadUnavailable = Code(value: .threadUnavailable)

        public var description: String { value.rawValue }
    }

    /// What went wrong.
    public let code: Code
    /// The detail behind `code`; never contains the URL's user information.
    public let detail: String

    public var description: String { "\(code): \(detail)" }

    init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }
}
