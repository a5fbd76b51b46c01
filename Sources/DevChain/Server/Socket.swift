import ChainKit

/// What the node sends down one WebSocket connection, in order.
enum SocketOutput: Sendable {
    case text(String)
    /// Close the connection now (the "close every WebSocket" fault, or the node stopping).
    case close
}

/// One WebSocket connection's subscriptions and its ordered output.
struct Socket {
    enum Subscription {
        case newHeads
        case logs(LogFilter)
    }

    let output: AsyncStream<SocketOutput>.Continuation
    var subscriptions: [String: Subscription] = [:]
}
