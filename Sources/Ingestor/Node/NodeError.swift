public import ChainKit

/// Why a call to the node failed: the connection, the clock, the bytes, or the node's own error answer.
///
/// `description` names the method and at most a short prefix of the body, never a URL (it may carry an API key).
public struct NodeError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure; compare with the static members.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Kind: String, Sendable {
            case disconnected = "disconnected"
            case timeout = "timed out"
            case malformed = "malformed response"
            case rpc = "node error"
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }
        /// The connection is gone (or never opened); a new one is needed.
        public static let disconnected = Code(.disconnected)
        /// No answer within the call's deadline.
        public static let timeout = Code(.timeout)
        /// An answer that is not a JSON-RPC response of the expected shape.
        public static let malformed = Code(.malformed)
        /// A well-formed JSON-RPC error object (`rpcError` holds it).
        public static let rpc = Code(.rpc)
        public var description: String { kind.rawValue }
    }

    public let code: Code
    /// The JSON-RPC method called.
    public let method: String
    /// What happened, with at most a prefix of the body.
    public let detail: String
    /// The node's error object for `.rpc`.
    public let rpcError: RPCErrorObject?
    /// The HTTP status, when the transport is HTTP.
    public let httpStatus: Int?

    public init(
        _ code: Code, method: String, detail: String, rpcError: RPCErrorObject? = nil, httpStatus: Int? = nil
    ) {
        self.code = code
        self.method = method
        self.detail = detail
        self.rpcError = rpcError
        self.httpStatus = httpStatus
    }

    /// A malformed answer, quoting the first bytes of `body` so an operator can see what the node sent.
    static func malformed(method: String, body: some Collection<UInt8>, problem: String, status: Int? = nil)
        -> NodeError
    {
        let prefix = String(decoding: body.prefix(120), as: UTF8.self)
        return NodeError(
            .malformed, method: method, detail: "\(problem); body starts \(prefix.debugDescription)",
            httpStatus: status)
    }

    public var description: String {
        var text = "\(method): \(code)"
        if let rpcError { text += " \(rpcError.code) \(rpcError.message.prefix(300))" }
        if let httpStatus { text += " (HTTP \(httpStatus))" }
        if !detail.isEmpty { text += ": \(detail)" }
        return text
    }
}
