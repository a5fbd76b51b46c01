/// The `error` member of a failed JSON-RPC response.
public struct RPCErrorObject: Error, Hashable, Sendable, CustomStringConvertible {
    /// The error code (-32700…-32000 are JSON-RPC's; nodes and providers use others, e.g. 429, 4444).
    public var code: Int64
    /// The server's message, verbatim.
    public var message: String
    /// Extra information (geth puts revert data here, Tenderly the real reason), if any.
    public var data: JSONValue?

    /// An error object with these members.
    public init(code: Int64, message: String, data: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    /// Decodes an error object; `path` names it in errors.
    public init(json: JSONValue, path: String = "error") throws(RPCDecodingError) {
        let fields = try JSONFields(json, path: path)
        let codeValue = try fields.required("code")
        guard case .number(let literal) = codeValue else {
            throw codeValue.wrongType("a number", { fields.path("code") })
        }
        guard let code = Int64(literal) else {
            throw RPCDecodingError(.invalidValue, field: fields.path("code"), detail: "\(literal) is not an integer")
        }
        self.code = code
        // Some servers leave the message out; JSON-RPC requires it, but the code alone still classifies the error.
        message =
            try fields.nonNull("message").map { value throws(RPCDecodingError) in
                try value.decodeString(at: fields.path("message"))
            } ?? ""
        data = fields.optional("data")
    }

    /// The error object as JSON (code, message, data when present).
    public var json: JSONValue {
        var members = [JSONMember("code", .number(String(code))), JSONMember("message", .string(message))]
        if let data { members.append(JSONMember("data", data)) }
        return .object(members)
    }

    public var description: String {
        "JSON-RPC error \(code): \(message)"
    }
}
