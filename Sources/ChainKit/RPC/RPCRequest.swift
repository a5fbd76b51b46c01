/// A JSON-RPC 2.0 request (or, without an id, a notification the server does not answer).
public struct RPCRequest: Hashable, Sendable {
    /// The id the response will carry; nil for a notification.
    public var id: RPCID?
    public var method: String
    /// Positional (array) or named (object) parameters; nil leaves the member out.
    public var params: JSONValue?

    /// A request with these members.
    public init(id: RPCID?, method: String, params: JSONValue? = nil) {
        self.id = id
        self.method = method
        self.params = params
    }

    /// Decodes a request object.
    public init(json: JSONValue) throws(RPCDecodingError) {
        let fields = try JSONFields(json, path: "")
        try RPCEnvelope.checkVersion(fields)
        id = try fields.nonNull("id").map { value throws(RPCDecodingError) in try RPCID(json: value, path: "id") }
        method = try fields.string("method")
        params = fields.optional("params")
    }

    /// The request as JSON, members in the order geth and most clients write them.
    public var json: JSONValue {
        var members = [JSONMember("jsonrpc", "2.0")]
        if let id { members.append(JSONMember("id", id.json)) }
        members.append(JSONMember("method", .string(method)))
        if let params { members.append(JSONMember("params", params)) }
        return .object(members)
    }

    /// The compact JSON text of the request.
    public func serialized() -> String { json.serialized() }

    /// The compact JSON text of a batch (an array of requests).
    public static func serializedBatch(_ requests: [RPCRequest]) -> String {
        JSONValue.array(requests.map(\.json)).serialized()
    }
}
