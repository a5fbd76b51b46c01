/// What happens on a WebSocket connection, in order, as `WebSocketClient.events` delivers it.
///
/// `.closed` comes only after `.connected`; a connection that never opens ends with `.error`. After
/// `.closed` (or an `.error` that is not followed by `.closed`) the stream finishes.
public enum WebSocketEvent: Sendable, Equatable {
    /// The opening handshake succeeded; messages sent before this are delivered now.
    case connected
    /// One complete text message (fragments already reassembled).
    case text(String)
    /// The connection ended: the peer's close code and reason, the code this client sent when it closed
    /// (1000 for `stop()`, 1009 for an oversized message), or 1006 when it dropped without a close frame.
    case closed(code: Int, reason: String)
    /// Connecting failed, or the connection is being closed because of a protocol problem.
    case error(String)
}
