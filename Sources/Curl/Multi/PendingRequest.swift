/// One `send` on its way through the loop: the request, who is told its outcome, and whether it was cancelled.
final class PendingRequest: @unchecked Sendable {
    // `@unchecked`: `completion`, `submitted` and `cancelled` are touched only with the loop's inbox locked, then
    // (once submitted) only on the loop thread, like `transfer`.
    let request: HTTPRequest
    var completion: (@Sendable (Result<ReceivedResponse, any Error>) -> Void)?
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
