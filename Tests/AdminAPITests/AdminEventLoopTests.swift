import Foundation
import Logging
import NIOCore
import NIOPosix
import Testing

@testable import AdminAPI

/// The API's requests run on its own threads, at the priority asked for: what bounds its share of the CPU next to
/// the pipeline.
@Suite("AdminEventLoop")
struct AdminEventLoopTests {
    @Test func workPreferringItRunsOnItsNicedThread() async throws {
        let thread = await AdminEventLoop.start(threads: 1, niceness: 7, logger: Logger(label: "test.loop"))
        let loop = thread.group.next()
        let before = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        let (onLoop, childOnLoop) = await withTaskExecutorPreference(thread) {
            async let child = loop.inEventLoop
            return (loop.inEventLoop, await child)
        }
        #expect(onLoop && childOnLoop)
        let niceness = try await loop.submit { getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) }.get()
        #expect(niceness == 7)
        // The caller's own thread keeps its priority.
        #expect(getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) == before)
        await thread.stop()
    }
}
