/// A JSON-RPC 2.0 response: a result or an error object, for the request with the same id.
public struct RPCResponse: Hashable, Sendable {
    /// The request's id; nil when the server answered `null` because it could not read the request.
    public var id: RPCID?
    /// The result, or the error the server returned.
    public var outcome: Outcome

    /// What a response carries.
    public enum Outcome: Hashable, Sendable {
        case result(JSONValue)
        case error(RPCErrorObject)
    }

    /// A response with these members.
    public init(id: RPCID?, outcome: Outcome) {
        self.id = id
        self.outcome = outcome
    }

    /// Decodes a response object.
    public init(json: JSONValue, path: String = "") throws(RPCDecodingError) {
        let fields = try JSONFields(json, path: path)
        try RPCEnvelope.checkVersion(fields)
        let idValue = try fields.required("id")
        id = idValue == .null ? nil : try RPCID(json: idValue, path: fields.path("id"))
        outcome = try Self.outcome(fields)
    }

    /// Reads `result` or `error`; exactly one must be present (a `null` error next to a result is tolerated).
    static func outcome(_ fields: JSONFields) throws(RPCDecodingError) -> Outcome {
        let result = fields.optional("result")
        switch (result, fields.nonNull("error")) {
        case (.some(let value), nil):
            return .result(value)
        case (nil, .some(let error)):
            return .error(try RPCErrorObject(json: error, path: fields.path("error")))
        case (.some, .some):
            throw RPCDecodingError(.invalidValue, field: fields.path, detail: "both result and error are present")
        case (nil, nil):
            throw RPCDecodingError(.missingField, field: fields.path("result"), detail: "neither result nor error")
        }
    }

    /// The result, or the server's error thrown.
    public func result() throws(RPCErrorObject) -> JSONValue {
        switch outcome {
        case .result(let value): return value
        case .error(let error): throw error
        }
    }

    /// The response as JSON, members in geth's order.
    public var json: JSONValue {
        let body: JSONMember =
            switch outcome {
            case .result(let value): JSONMember("result", value)
            case .error(let error): JSONMember("error", error.json)
            }
        return .object([JSONMember("jsonrpc", "2.0"), JSONMember("id", id?.json ?? .null), body])
    }
}
