import Foundation
import Logging

/// The thread behind `PostgresListener`: connects, listens, polls, reconnects.
///
/// Only the thread touches the `PostgresHandle`; other threads only set `stopping` and signal the wake pipe.
final class ListenerLoop: @unchecked Sendable {
    // `@unchecked`: `stopping` is guarded by `lock`; everything else is immutable or used only on the thread.
    private let url: PostgresURL
    private let channels: [String]
    private let logger: Logger
    private let continuation: AsyncStream<PostgresListener.Event>.Continuation
    private let wake: WakePipe
    private let lock = NSLock()
    private var stopping = false

    /// The first reconnection attempt waits this long; each failure doubles it up to `maximumBackoff`.
    private static let initialBackoff = Duration.milliseconds(50)
    private static let maximumBackoff = Duration.seconds(2)

    init(
        url: PostgresURL,
        channels: [String],
        logger: Logger,
        continuation: AsyncStream<PostgresListener.Event>.Continuation
    ) throws {
        self.url = url
        self.channels = channels
        var logger = logger
        logger[metadataKey: "postgres.target"] = "\(url)"
        self.logger = logger
        self.continuation = continuation
        wake = try WakePipe()
    }

    /// Starts the thread and returns once the first connection listens, or throws why it could not.
    func start() async throws {
        try await withCheckedThrowingContinuation { (ready: CheckedContinuation<Void, any Error>) in
            let thread = Thread { [self] in run(ready: ready) }
            thread.name = "postgres-listen"
            thread.start()
        }
    }

    func requestStop() {
        lock.withLock { stopping = true }
        wake.signal()
    }

    private var isStopping: Bool { lock.withLock { stopping } }

    private func run(ready: CheckedContinuation<Void, any Error>) {
        var handle: PostgresHandle
        do {
            handle = try connectAndListen()
            ready.resume()
        } catch {
            ready.resume(throwing: error)
            continuation.finish()
            return
        }
        while !isStopping {
            if handle.isBroken {
                guard let fresh = reconnect() else { break }
                handle = fresh
                continuation.yield(.reconnected)
            }
            waitForInput(on: handle)
        }
        handle.finish()
        continuation.finish()
    }

    /// Blocks until the server sends something or `requestStop()` wakes the thread, then yields notifications.
    private func waitForInput(on handle: PostgresHandle) {
        var descriptors = [
            pollfd(fd: handle.socket, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wake.readDescriptor, events: Int16(POLLIN), revents: 0),
        ]
        guard poll(&descriptors, 2, -1) > 0 else { return }  // EINTR: the loop polls again
        if descriptors[1].revents != 0 { wake.drain() }
        guard descriptors[0].revents != 0 else { return }
        if !handle.consumeInput() {
            // `PQconsumeInput` failing leaves the session broken; the loop reconnects.
            logger.warning("LISTEN connection lost; reconnecting")
            handle.finish()
            return
        }
        yieldNotifications(from: handle)
    }

    /// Opens a session and runs `LISTEN` on every channel.
    private func connectAndListen() throws -> PostgresHandle {
        let handle = try PostgresHandle.connect(url: url, logger: logger)
        let statements = channels.map { "LISTEN \(PostgresIdentifier.quote($0));" }
        try handle.executeScript(statements.joined(separator: " "))
        // Notifications may already have arrived with the LISTEN replies.
        yieldNotifications(from: handle)
        return handle
    }

    /// Retries `connectAndListen()` with backoff until it works or a stop is requested (then nil).
    private func reconnect() -> PostgresHandle? {
        var backoff = Self.initialBackoff
        while !isStopping {
            do {
                let handle = try connectAndListen()
                logger.info("LISTEN connection re-established")
                return handle
            } catch {
                logger.debug("LISTEN reconnection failed", metadata: ["error": "\(error)"])
                // Waiting on the wake pipe rather than sleeping lets `requestStop()` cut the backoff short.
                _ = wake.wait(timeout: backoff)
                wake.drain()
                backoff = min(backoff * 2, Self.maximumBackoff)
            }
        }
        return nil
    }

    private func yieldNotifications(from handle: PostgresHandle) {
        for notification in handle.takeNotifications() { continuation.yield(.notification(notification)) }
    }
}
