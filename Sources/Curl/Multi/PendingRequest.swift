/// One `send` on its way through the loop: the request, who waits for it, and whether it was cancelled.
final class PendingRequest: @unchecked Sendable {
    // `@unchecked`: `continuation`, `submitted` and `cancelled` are touched only with the loop's inbox locked;
    // `transfer` only on the loop thread.
    let request: HTTPRequest
    var continuation: CheckedContinuation<ReceivedResponse, any Error>?
    /// Handed to the loop: a cancellation from now on must go through the loop.
    var submitted = false
    /// Cancelled before being handed over: the submission fails instead.
    var cancelled = false
    /// The transfer carrying it while it is in the multi handle.
    var transfer: Transfer?

    init(_ request: HTTPRequest) {
        self.request = request
    }
}
