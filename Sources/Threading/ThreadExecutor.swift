import Foundation

/// A serial executor that runs every job on one dedicated OS thread.
///
/// Blocking C calls (`BRPOP`, `PQexec`, `poll`) must never run on Swift's cooperative pool: it has one thread
/// per core (two here), and a blocked pool stalls every task in the process. An actor whose `unownedExecutor`
/// is a `ThreadExecutor` blocks only its own thread:
///
/// ```swift
/// actor Connection {
///     private let executor = ThreadExecutor(name: "redis")
///     nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }
///     deinit { executor.shutdown() }
/// }
/// ```
public final class ThreadExecutor: SerialExecutor, @unchecked Sendable {
    // `@unchecked`: `jobs` and `stopping` are only touched with `condition` locked.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var stopping = false
    private var owner: pthread_t?

    /// Starts the thread; `name` shows in debuggers and `top -H`.
    public init(name: String) {
        // The thread holds the executor until `shutdown()` lets its loop return.
        let thread = Thread { [self] in runLoop() }
        thread.name = name
        thread.start()
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    public func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    /// Lets the thread run the jobs already queued, then end. Idempotent.
    ///
    /// Call it when nothing can enqueue any more, typically from the owning actor's `deinit`: every job on an
    /// actor retains that actor, so by then none is pending.
    public func shutdown() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    /// Whether the caller runs on this executor's thread (for preconditions around C handles).
    public var isCurrent: Bool {
        condition.lock()
        defer { condition.unlock() }
        return owner.map { pthread_equal($0, pthread_self()) != 0 } ?? false
    }

    private func runLoop() {
        condition.lock()
        owner = pthread_self()
        condition.unlock()
        var batch: [UnownedJob] = []
        while true {
            condition.lock()
            while jobs.isEmpty && !stopping { condition.wait() }
            if jobs.isEmpty {
                condition.unlock()
                return
            }
            swap(&batch, &jobs)
            condition.unlock()
            for job in batch { job.runSynchronously(on: asUnownedSerialExecutor()) }
            batch.removeAll(keepingCapacity: true)
        }
    }
}
