import Threading

extension Task where Failure == any Error {
    /// The task's value, or `TimedOut` once `deadline` passed. Awaiting `value` does not end when the waiting test is
    /// cancelled (by its time limit), so a task that never ends would hang the whole run instead of failing a test.
    public func value(within deadline: Duration, waitingFor what: String) async throws -> Success {
        let outcome = FirstOutcome<Success>()
        return try await withCheckedThrowingContinuation { continuation in
            outcome.set(continuation)
            let timer = Task<Void, Never> {
                guard (try? await Task<Never, Never>.sleep(for: deadline)) != nil else { return }
                outcome.resume(with: .failure(TimedOut(what: what, deadline: deadline)))
            }
            Task<Void, Never> {
                let result = await self.result
                timer.cancel()
                outcome.resume(with: result)
            }
        }
    }
}

/// Resumes a continuation with whichever outcome comes first; later ones are dropped.
private final class FirstOutcome<Value: Sendable>: Sendable {
    private let continuation = Guarded<CheckedContinuation<Value, any Error>?>(nil)

    func set(_ continuation: CheckedContinuation<Value, any Error>) {
        self.continuation.withLock { $0 = continuation }
    }

    func resume(with result: Result<Value, any Error>) {
        continuation.withLock { $0.take() }?.resume(with: result)
    }
}
