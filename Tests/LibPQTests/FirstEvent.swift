/// Thrown when an awaited event does not come in time.
struct Timeout: Error, CustomStringConvertible {
    let description: String
}

/// Waits for the first event of `stream` that `matches`, failing after `timeout` (a deadline, not a sleep).
func firstEvent<Event: Sendable>(
    of stream: AsyncStream<Event>,
    within timeout: Duration = .seconds(20),
    where matches: @escaping @Sendable (Event) -> Bool
) async throws -> Event {
    try await withThrowingTaskGroup(of: Event.self) { group in
        group.addTask {
            for await event in stream where matches(event) { return event }
            throw Timeout(description: "the stream finished without the awaited event")
        }
        group.addTask {
            try await Task.sleep(for: timeout)
            throw Timeout(description: "no awaited event within \(timeout)")
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}
