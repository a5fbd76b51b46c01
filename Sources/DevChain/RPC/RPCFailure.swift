import ChainKit

/// A JSON-RPC error object the dev chain answers with, and the HTTP status it travels under.
struct RPCFailure: Error, Sendable, Equatable {
    var code: Int
    var message: String
    var data: JSONValue?
    /// 200 for ordinary JSON-RPC errors; some providers refuse with another status (QuickNode: 413).
    var httpStatus: Int = 200

    init(code: Int, message: String, data: JSONValue? = nil, httpStatus: Int = 200) {
        self.code = code
        self.message = message
        self.data = data
        self.httpStatus = httpStatus
    }

    /// The error object as geth writes it: `{"code":…,"message":…}` plus `data` when present.
    var json: JSONValue {
        var members = [JSONMember("code", .number(String(code))), JSONMember("message", .string(message))]
        if let data { members.append(JSONMember("data", data)) }
        return .object(members)
    }

    // geth's words for the common failures (rpc/errors.go, eth/filters/api.go).
    static let parseError = RPCFailure(code: -32700, message: "parse error")
    static let emptyBatch = RPCFailure(code: -32600, message: "empty batch")
    static let invalidRequest = RPCFailure(code: -32600, message: "invalid request")
    static func methodNotFound(_ method: String) -> RPCFailure {
        RPCFailure(code: -32601, message: "the method \(method) does not exist/is not available")
    }
    static func invalidParams(_ message: String) -> RPCFailure { RPCFailure(code: -32602, message: message) }
    static let headerNotFound = RPCFailure(code: -32000, message: "header not found")
    static let unknownBlock = RPCFailure(code: -32000, message: "unknown block")
}
