/// Checks shared by every JSON-RPC 2.0 message.
enum RPCEnvelope {
    /// Requires `"jsonrpc": "2.0"` (JSON-RPC 2.0 §4 and §5: MUST be exactly that).
    static func checkVersion(_ fields: JSONFields) throws(RPCDecodingError) {
        let version = try fields.string("jsonrpc")
        guard version == "2.0" else {
            throw RPCDecodingError(.invalidValue, field: fields.path("jsonrpc"), detail: "expected \"2.0\"")
        }
    }

    /// Parses bytes as JSON, mapping a syntax error to `RPCDecodingError.Code.invalidJSON`.
    static func parse(_ bytes: some Collection<UInt8>) throws(RPCDecodingError) -> JSONValue {
        do {
            return try JSONValue.parse(bytes, maximumDepth: JSONParser.defaultMaximumDepth)
        } catch {
            throw RPCDecodingError(.invalidJSON, field: "", detail: error.description, underlying: error)
        }
    }
}
