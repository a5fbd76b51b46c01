public import ChainKit

/// One connection to a node: raw JSON-RPC calls and, when the transport has them, subscription notifications.
///
/// A connection is not reconnected in place: when it is gone every call throws `NodeError.Code.disconnected`
/// and `notifications` finishes; the follower opens a new one (with backoff) and fills the gap.
public protocol NodeConnection: Sendable {
    /// Sends one request and returns the response body, undecoded (so `eth_getLogs` can take the fast decoder).
    func call(_ method: String, params: JSONValue, timeout: Duration) async throws(NodeError) -> [UInt8]
    /// `eth_subscription` payloads; nil when the transport cannot push (HTTP), which makes the follower poll.
    var notifications: AsyncStream<RPCSubscriptionNotification>? { get }
    /// Closes the connection; idempotent.
    func close() async
}
