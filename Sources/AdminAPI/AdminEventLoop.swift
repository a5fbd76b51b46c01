import Foundation
import Logging
import NIOCore
import NIOPosix

/// The admin API's own threads: event loops for its sockets that are also the task executor its requests run on.
///
/// Inside `evmhook run` the API shares two cores with the Ingestor, Processor and Delivery, and wrk at 64 connections
/// could take all of Swift's cooperative pool. The pipeline's guarantees outrank admin requests, so there the API gets
/// one thread at a lower scheduling priority (`niceness` > 0): under contention it takes what the pipeline leaves,
/// alone it runs at full speed. Request handling stays on these threads, and a job enqueued from one of them stays on
/// it, so a connection's task does not hop between NIO and the pool either.
final class AdminEventLoop: TaskExecutor, Sendable {
    let group: MultiThreadedEventLoopGroup
    private let loops: [any EventLoop]

    /// Starts `threads` threads; when `niceness` (1 to 19) is given it becomes their nice value. Linux keeps the nice
    /// value per thread, and `setpriority(PRIO_PROCESS, 0, …)` sets the calling thread's. When the system refuses,
    /// the API runs at the process's priority and says so.
    static func start(threads: Int, niceness: Int32, logger: Logger) async -> AdminEventLoop {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, threads))
        let loops = Array(group.makeIterator())
        if niceness > 0 {
            for loop in loops {
                let failure = try? await loop.submit { () -> Int32 in
                    setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness) == 0 ? 0 : errno
                }.get()
                if let failure, failure != 0 {
                    logger.warning(
                        "could not lower the admin API thread's priority; it competes with the pipeline",
                        metadata: ["errno": "\(failure)"])
                }
            }
        }
        return AdminEventLoop(group: group, loops: loops)
    }

    private init(group: MultiThreadedEventLoopGroup, loops: [any EventLoop]) {
        self.group = group
        self.loops = loops
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let current = MultiThreadedEventLoopGroup.currentEventLoop
        let loop = loops.count == 1 ? loops[0] : loops.first { $0 === current } ?? group.next()
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }

    /// Ends the threads once nothing runs on them any more.
    func stop() async {
        try? await group.shutdownGracefully()
    }
}
