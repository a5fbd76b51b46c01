public import Logging

/// An HTTP/1.1 and HTTP/2 client over one libcurl multi handle, driven by one thread the client owns.
///
/// Many requests run at once over kept-alive connections (capped per host); each `send` costs one hand-off to
/// the client's thread and one resumption back. Redirects are never followed, TLS certificates are verified,
/// only http and https are spoken, and every connection passes the `AddressGuard` first.
///
/// Call `shutdown()` when done: it fails what is still in flight with `HTTPClientError.Code.shutdown` and
/// frees the curl handles.
public final class HTTPClient: Sendable {
    public let configuration: Configuration
    private let loop: MultiLoop

    /// Starts the client's thread; throws `HTTPClientError` if libcurl cannot be set up.
    public init(configuration: Configuration = Configuration(), logger: Logger) throws {
        self.configuration = configuration
        loop = try MultiLoop(configuration: configuration, logger: logger)
    }

    // A forgotten `shutdown()` must not leak the thread and its handles. No request can be pending here: each
    // `send` holds the client until it returns. So ending the loop without waiting is safe, unlike asserting.
    deinit { loop.requestShutdown() }

    /// Sends `request` and returns the response, whatever its status (a 302 or a 500 is a response).
    ///
    /// Throws `HTTPClientError` when there is no response (timeout, refused address, TLS, …), or
    /// `CancellationError` when the calling task is cancelled (the transfer is abandoned at once).
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let pending = PendingRequest(request)
        let received = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                loop.submit(pending, continuation: continuation)
            }
        } onCancel: {
            loop.cancel(pending)
        }
        // Parsed here, on the caller's task, to keep the loop thread (the bottleneck under load) on curl's work.
        return HTTPResponse(received)
    }

    /// Fails every request in flight or queued with `.shutdown`, frees the curl handles and ends the thread;
    /// returns when that is done. Later `send`s fail with `.shutdown`. Idempotent.
    public func shutdown() async {
        await loop.shutdown()
    }
}
