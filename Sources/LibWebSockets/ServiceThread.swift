#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An OS thread that runs one long blocking body (the `lws_service` loop) and can be joined.
///
/// libwebsockets on Debian has no external-poll support, so each context needs a thread of its own that
/// blocks in `lws_service`; it must never be a thread of Swift's cooperative pool.
final class ServiceThread: Sendable {
    private final class Body {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    private let thread: pthread_t

    /// Starts a thread running `body`.
    init(body: @escaping @Sendable () -> Void) throws(WebSocketError) {
        let box = Unmanaged.passRetained(Body(body)).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(
            &thread, nil,
            { raw in
                guard let raw else { return nil }
                let body = Unmanaged<Body>.fromOpaque(raw).takeRetainedValue()
                body.run()
                return nil
            }, box)
        guard status == 0 else {
            Unmanaged<Body>.fromOpaque(box).release()
            throw WebSocketError(.threadUnavailable, "pthread_create failed with error \(status)")
        }
        self.thread = thread
    }

    /// Whether the caller runs on this thread (joining it from itself would deadlock).
    var isCurrent: Bool { pthread_equal(thread, pthread_self()) != 0 }

    /// Waits until the body has returned. Call exactly once, never from the thread itself.
    func join() {
        precondition(!isCurrent, "a service thread cannot join itself")
        pthread_join(thread, nil)
    }
}
