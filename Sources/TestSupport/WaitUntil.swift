/// Polls `condition` every 20 ms until it holds, failing with `what` after `deadline`: a wait on an observable
/// event, never a sleep standing in for one. The deadline is generous on purpose: it only counts when a test fails.
public func waitUntil(
    _ what: String, within deadline: Duration = .seconds(60), _ condition: () async throws -> Bool
) async throws {
    let end = ContinuousClock.now + deadline
    while try await !condition() {
        guard ContinuousClock.now < end else { throw TimedOut(what: what, deadline: deadline) }
        try await Task.sleep(for: .milliseconds(20))
    }
}

/// `waitUntil` gave up.
public struct TimedOut: Error, CustomStringConvertible {
    public let what: String
    public let deadline: Duration
    public var description: String { "timed out after \(deadline) waiting for \(what)" }
}
