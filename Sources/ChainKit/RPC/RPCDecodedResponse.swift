/// A response whose result was decoded straight to a Swift type (see `Log.decodeGetLogsResponse`).
public struct RPCDecodedResponse<Success: Sendable>: Sendable {
    /// The request's id; nil when the server answered `null`.
    public var id: RPCID?
    /// The decoded result, or the server's error.
    public var result: Result<Success, RPCErrorObject>

    /// A response with these members.
    public init(id: RPCID?, result: Result<Success, RPCErrorObject>) {
        self.id = id
        self.result = result
    }
}
