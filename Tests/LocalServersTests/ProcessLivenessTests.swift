import Foundation
import Testing

@testable import LocalServers

/// A process that has exited counts as gone even before its parent reaps it, as the daemonized Redis waits for a
/// PID 1 that may reap late or never.
@Suite struct ProcessLivenessTests {
    @Test func aChildThatExitedButIsNotReapedYetIsNotRunning() throws {
        let pid = try spawn("/bin/true")
        // Polled: nothing signals the child's exit to a parent that does not wait for it.
        let deadline = ContinuousClock.now + .seconds(10)
        while ProcessLiveness.isRunning(pid), ContinuousClock.now < deadline { usleep(10_000) }
        #expect(!ProcessLiveness.isRunning(pid))
        #expect(kill(pid, 0) == 0, "still there as a zombie: kill(pid, 0) alone would call it running")
        var status: Int32 = 0
        #expect(waitpid(pid, &status, 0) == pid)
        #expect(!ProcessLiveness.isRunning(pid))
    }

    @Test func aChildThatRunsIsRunning() throws {
        let pid = try spawn("/bin/sleep", "30")
        #expect(ProcessLiveness.isRunning(pid))
        kill(pid, SIGKILL)
        var status: Int32 = 0
        #expect(waitpid(pid, &status, 0) == pid)
    }

    private func spawn(_ arguments: String...) throws -> pid_t {
        var pid = pid_t()
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        let spawned = posix_spawn(&pid, arguments[0], nil, nil, &argv, environ)
        try #require(spawned == 0)
        return pid
    }
}
