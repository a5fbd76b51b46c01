/// An `eth_subscription` notification: one new head or one log of a subscription.
public struct RPCSubscriptionNotification: Hashable, Sendable {
    /// The id `eth_subscribe` returned.
    public var subscription: String
    /// The payload: a header for `newHeads`, a log for `logs`.
    public var result: JSONValue

    /// The JSON-RPC method name of subscription notifications.
    public static let method = "eth_subscription"

    /// A notification with these members.
    public init(subscription: String, result: JSONValue) {
        self.subscription = subscription
        self.result = result
    }

    /// Decodes the notification's members (the message's `method` was already checked).
    init(fields: JSONFields) throws(RPCDecodingError) {
        let params = try JSONFields(fields.required("params"), path: "params")
        subscription = try params.string("subscription")
        result = try params.required("result")
    }

    /// The payload of a `newHeads` subscription.
    public func header() throws(RPCDecodingError) -> BlockHeader {
        try BlockHeader(json: result, path: "params.result")
    }

    /// The payload of a `logs` subscription.
    public func log() throws(RPCDecodingError) -> Log {
        try Log(json: result, path: "params.result")
    }

    /// The notification as geth writes it.
    public var json: JSONValue {
        .object([
            JSONMember("jsonrpc", "2.0"),
            JSONMember("method", .string(Self.method)),
            JSONMember(
                "params",
                .object([JSONMember("subscription", .string(subscription)), JSONMember("result", result)])
            ),
        ])
    }
}
