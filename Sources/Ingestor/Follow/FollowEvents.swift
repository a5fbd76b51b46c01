import ChainKit

/// What wakes the follower: a subscription notification, or a tick to check for silence (or to poll over HTTP).
/// One stream, so a single loop handles both without racing two iterators.
final class FollowEvents: Sendable {
    enum Event: Sendable {
        case notification(RPCSubscriptionNotification)
        case tick
    }

    let stream: AsyncStream<Event>
    private let tasks: [Task<Void, Never>]

    /// The stream finishes when `notifications` does (the connection ended); ticks go on until `cancel()`.
    init(notifications: AsyncStream<RPCSubscriptionNotification>?, tick: Duration) {
        let (stream, sink) = AsyncStream<Event>.makeStream()
        self.stream = stream
        var tasks: [Task<Void, Never>] = []
        if let notifications {
            tasks.append(
                Task {
                    for await notification in notifications { sink.yield(.notification(notification)) }
                    sink.finish()
                })
        }
        tasks.append(
            Task {
                while !Task.isCancelled {
                    do { try await Task.sleep(for: tick) } catch { break }
                    sink.yield(.tick)
                }
            })
        self.tasks = tasks
    }

    func cancel() {
        for task in tasks { task.cancel() }
    }
}
