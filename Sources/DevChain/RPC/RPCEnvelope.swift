import ChainKit

/// Builds JSON-RPC response and notification texts around results that are already JSON text.
///
/// Results are kept as text because the hot path (`eth_getLogs`) serves logs rendered once when they were mined.
enum RPCEnvelope {
    static func result(id: JSONValue, _ resultJSON: String) -> String {
        #"{"jsonrpc":"2.0","id":\#(id.serialized()),"result":\#(resultJSON)}"#
    }

    static func error(id: JSONValue, _ failure: RPCFailure) -> String {
        #"{"jsonrpc":"2.0","id":\#(id.serialized()),"error":\#(failure.json.serialized())}"#
    }

    /// An `eth_subscription` notification, fields in geth's order.
    static func notification(subscription: String, _ resultJSON: String) -> String {
        #"{"jsonrpc":"2.0","method":"eth_subscription","params":{"subscription":"\#(subscription)","result":\#(resultJSON)}}"#
    }
}
