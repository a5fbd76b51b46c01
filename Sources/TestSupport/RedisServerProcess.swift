import Foundation

/// A private redis-server on a free loopback port, for tests that kill and restart it.
///
/// Started from `TestEnvironment.redisServerBinary()` without persistence (`--save '' --appendonly no`), so a
/// restart comes back empty. Readiness is the server's own "Ready to accept connections" line, never a sleep.
public final class RedisServerProcess: @unchecked Sendable {
    // `@unchecked`: `child` is only read and replaced with `lock` held.
    private let lock = NSLock()
    private var child: ChildProcess?
    private let binary: String
    private let arguments: [String]

    /// The TCP port on 127.0.0.1, the same across restarts.
    public let port: Int

    /// Starts the server and waits until it accepts connections.
    ///
    /// - Parameter extraArguments: more `redis-server` options, e.g. `["--requirepass", "secret"]`.
    public init(extraArguments: [String] = []) async throws {
        binary = try TestEnvironment.redisServerBinary()
        port = try FreePort.next()
        arguments =
            [
                "--bind", "127.0.0.1", "--port", String(port), "--save", "", "--appendonly", "no",
                "--dir", NSTemporaryDirectory(), "--loglevel", "notice",
            ] + extraArguments
        try await start()
    }

    // A server a test forgot to kill dies with its `ChildProcess`.

    /// `redis://127.0.0.1:PORT/0`.
    public var url: String { "redis://127.0.0.1:\(port)/0" }

    /// Kills the server with SIGKILL (as a crash would) and waits until it is gone. Idempotent.
    public func kill() async {
        let child = lock.withLock {
            defer { self.child = nil }
            return self.child
        }
        await child?.stop(signal: SIGKILL)
    }

    /// Kills the server if it runs, starts a new one on the same port, and waits until it accepts connections.
    public func restart() async throws {
        await kill()
        try await start()
    }

    private func start() async throws {
        let process = try ChildProcess(binary, arguments)
        _ = try await process.waitForLine(containing: "Ready to accept connections")
        lock.withLock { child = process }
    }
}
