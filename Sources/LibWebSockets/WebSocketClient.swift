public import Logging
import Threading

/// A WebSocket client for `ws://` and `wss://` on libwebsockets: text messages in and out, events as a stream.
///
/// Each client owns one libwebsockets context and one OS thread that services it, so nothing blocks Swift's
/// cooperative pool. Connecting starts at once; watch `events`:
///
/// ```swift
/// let client = try WebSocketClient(url: "ws://127.0.0.1:8546", logger: logger)
/// try client.send(text: #"{"jsonrpc":"2.0","id":1,"method":"eth_subscribe","params":["newHeads"]}"#)
/// for await event in client.events { … }
/// client.stop()
/// ```
public final class WebSocketClient: Sendable {
    /// Everything that happens on the connection, in order; finishes when the connection is over.
    ///
    /// Unbounded: a consumer that falls behind holds messages in memory. Ending the iteration (or cancelling
    /// the task that iterates) stops the client.
    public let events: AsyncStream<WebSocketEvent>

    private let session: WebSocketSession
    private let thread: Guarded<ServiceThread?>

    /// Starts connecting to `url` (`ws://host[:port][/path]` or `wss://…`); throws only for a malformed URL or
    /// when no thread can be started. Connection failures arrive as an `.error` event.
    public init(url: String, configuration: Configuration = Configuration(), logger: Logger) throws(WebSocketError) {
        let parsed = try WebSocketURL(parsing: url)
        let (events, continuation) = AsyncStream.makeStream(of: WebSocketEvent.self)
        let session = WebSocketSession(
            url: parsed, configuration: configuration, logger: logger, continuation: continuation)
        continuation.onTermination = { _ in session.requestStop() }
        self.events = events
        self.session = session
        thread = Guarded(try ServiceThread { session.run() })
    }

    deinit { stop() }

    /// Queues a text message; messages go out in order, those sent before `.connected` once it is open.
    ///
    /// Throws `.notOpen` after `stop()` or once the connection has ended, `.messageTooLarge` beyond
    /// `Configuration.maximumMessageSize`.
    public func send(text: String) throws(WebSocketError) {
        try session.enqueue(text)
    }

    /// Closes the connection (code 1000), finishes `events` and joins the service thread. Idempotent; callable
    /// from any thread. It waits for the close handshake, which libwebsockets bounds to a few seconds.
    public func stop() {
        session.requestStop()
        thread.withLock { thread in
            thread?.join()
            thread = nil
        }
    }
}
