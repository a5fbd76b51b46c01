import Threading

/// What ends a long-running service: SIGINT/SIGTERM when a command runs alone, the embedding command's stop when
/// `run` or `dev` hosts several services in one process.
struct Shutdown: Sendable {
    /// Returns when the service should stop.
    let wait: @Sendable () async -> Void

    /// SIGINT or SIGTERM, caught from the moment this is read: before the service starts, so a signal arriving
    /// while it starts is never lost (a handler installed only once `wait` first runs left a window in which
    /// SIGTERM was ignored or killed the process).
    static var signals: Shutdown {
        let received = ShutdownSignal.install()
        return Shutdown {
            var iterator = received.makeAsyncIterator()
            _ = await iterator.next()
        }
    }

    /// When `latch` fires.
    static func latch(_ latch: ShutdownLatch) -> Shutdown { Shutdown { await latch.wait() } }
}

/// A one-way switch that any number of tasks wait on; `fire()` releases all of them, now and later. A waiting task
/// that is cancelled stops waiting (a service that ended on its own cancels its shutdown watcher).
final class ShutdownLatch: Sendable {
    private struct State {
        var fired = false
        var nextID = 0
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    }

    private let state = Guarded(State())

    /// Whether `fire()` was called.
    var fired: Bool { state.withLock(\.fired) }

    func fire() {
        let waiters = state.withLock { state in
            state.fired = true
            defer { state.waiters = [:] }
            return state.waiters.values
        }
        for waiter in waiters { waiter.resume() }
    }

    func wait() async {
        let id = state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let release = state.withLock { state in
                    if state.fired || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if release { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }
}
