public import Logging

/// Receives `NOTIFY`s on a set of channels, on a connection and a thread of its own.
///
/// The thread blocks in `poll` on the session's socket (never on the cooperative pool). After the connection
/// drops it reconnects with backoff, `LISTEN`s again and yields `.reconnected`: notifications sent meanwhile are
/// lost, so a consumer reloads whatever state they were about. Keep the listener while consuming `events`:
/// `stop()`, releasing it, or cancelling the consuming task ends the stream.
public final class PostgresListener: Sendable {
    /// What the listener yields.
    public enum Event: Sendable, Hashable {
        /// A notification on one of the channels.
        case notification(PostgresNotification)
        /// The connection dropped and is back, listening again; notifications in between were missed.
        case reconnected
    }

    /// The notifications and reconnections, in order; finishes after `stop()`.
    public let events: AsyncStream<Event>
    private let loop: ListenerLoop

    private init(events: AsyncStream<Event>, loop: ListenerLoop) {
        self.events = events
        self.loop = loop
    }

    deinit { loop.requestStop() }

    /// Connects to `url`, runs `LISTEN` on every channel, and returns once notifications are being received.
    ///
    /// - Throws: `PostgresError` coded `.invalidURL` or `.connectionFailed`.
    public static func start(url: String, channels: [String], logger: Logger) async throws -> PostgresListener {
        let (events, continuation) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .unbounded)
        let loop = try ListenerLoop(
            url: PostgresURL(url),
            channels: channels,
            logger: logger,
            continuation: continuation
        )
        continuation.onTermination = { [weak loop] _ in loop?.requestStop() }
        try await loop.start()
        return PostgresListener(events: events, loop: loop)
    }

    /// Stops listening: closes the connection, ends the thread, finishes `events`. Idempotent, never blocks.
    public func stop() { loop.requestStop() }
}
