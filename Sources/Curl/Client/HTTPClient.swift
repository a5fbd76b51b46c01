public import Logging
import Synchronization

/// An HTTP/1.1 and HTTP/2 client over libcurl multi handles, each driven by a thread the client owns
/// (`Configuration.threads`, one by default).
///
/// Many requests run at once over kept-alive connections (capped per host); each `send` costs one hand-off to
/// one of the client's threads, taken in turn, and one resumption back (none for `send(_:completion:)` called
/// from a completion). Redirects are never followed, TLS certificates are verified, only http and https are
/// spoken, and every connection passes the `AddressGuard` first.
///
/// Call `shutdown()` when done: it fails what is still in flight with `HTTPClientError.Code.shutdown` and
/// frees the curl handles.
public final class HTTPClient: Sendable {
    public let configuration: Configuration
    private let loops: [MultiLoop]
    /// Which loop the next `send` goes to.
    private let turn = Atomic<Int>(0)

    /// Starts the client's threads; throws `HTTPClientError` if libcurl cannot be set up.
    public init(configuration: Configuration = Configuration(), logger: Logger) throws {
        self.configuration = configuration
        let share = configuration.perThread
        var loops: [MultiLoop] = []
        for _ in 0..<max(1, configuration.threads) {
            do {
                loops.append(try MultiLoop(configuration: share, logger: logger))
            } catch {
                for loop in loops { loop.requestShutdown() }
                throw error
            }
        }
        self.loops = loops
    }

    // A forgotten `shutdown()` must not leak the thread and its handles. No request can be pending here: each
    // `send` holds the client until it returns. So ending the loop without waiting is safe, unlike asserting.
    deinit { for loop in loops { loop.requestShutdown() } }

    /// Sends `request` and returns the response, whatever its status (a 302 or a 500 is a response).
    ///
    /// Throws `HTTPClientError` when there is no response (timeout, refused address, TLS, …), or
    /// `CancellationError` when the calling task is cancelled (the transfer is abandoned at once).
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let loop = nextLoop()
        let pending = PendingRequest(request)
        let received = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                loop.submit(pending) { continuation.resume(with: $0) }
            }
        } onCancel: {
            loop.cancel(pending)
        }
        // Parsed here, on the caller's task, to keep the loop thread (the bottleneck under load) on curl's work.
        return HTTPResponse(received)
    }

    /// Sends `request` and calls `completion` once with the response or the `HTTPClientError`, on the client's
    /// thread that carried the request; a request sent from inside a completion stays on that thread. So a caller
    /// that answers each response with the next request (a delivery worker) resumes no task and wakes no thread
    /// for it: two thread hand-offs per request fewer than `send(_:) async`.
    ///
    /// `completion` runs where every transfer of that thread is driven: it must not block, and whatever it does
    /// delays them. There is no cancellation; `shutdown()` fails what is in flight with `.shutdown`, and a send
    /// after it calls `completion` with `.shutdown` before returning.
    public func send(
        _ request: HTTPRequest, completion: @escaping @Sendable (Result<HTTPResponse, any Error>) -> Void
    ) {
        let loop = loops.first(where: \.isCurrentThread) ?? nextLoop()
        loop.submit(PendingRequest(request)) { completion($0.map(HTTPResponse.init)) }
    }

    /// The loop the next request goes to: each in turn.
    private func nextLoop() -> MultiLoop {
        loops.count == 1 ? loops[0] : loops[turn.wrappingAdd(1, ordering: .relaxed).oldValue % loops.count]
    }

    /// Fails every request in flight or queued with `.shutdown`, frees the curl handles and ends the thread;
    /// returns when that is done. Later `send`s fail with `.shutdown`. Idempotent.
    public func shutdown() async {
        for loop in loops { await loop.shutdown() }
    }
}
