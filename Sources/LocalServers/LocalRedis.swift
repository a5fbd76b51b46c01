public import Foundation

/// A redis-server of its own, daemonized, on a free loopback port, persisting (AOF) into its directory: what
/// `evmhook dev` runs when no `EVMHOOK_REDIS_URL` is configured.
public final class LocalRedis: Sendable {
    public let port: Int
    public let directory: URL

    /// `redis://127.0.0.1:PORT/0`.
    public var url: String { "redis://127.0.0.1:\(port)/0" }
    private var pidFile: String { directory.appendingPathComponent("redis.pid").path }

    private init(port: Int, directory: URL) {
        self.port = port
        self.directory = directory
    }

    /// Starts the server in `directory` (created) and returns once it accepts connections (20 s at most).
    public static func start(in directory: URL) async throws -> LocalRedis {
        let binary = try ServerPrograms.redisServer()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let server = LocalRedis(port: try FreePort.next(), directory: directory)
        let log = directory.appendingPathComponent("redis.log")
        let status = try await ProgramRunner.run(
            [
                binary, "--bind", "127.0.0.1", "--port", String(server.port), "--dir", directory.path,
                "--appendonly", "yes", "--save", "", "--daemonize", "yes", "--pidfile", server.pidFile,
                "--logfile", log.path,
            ],
            log: directory.appendingPathComponent("start.log")
        )
        guard status == 0 else { throw LocalServerError("redis-server ended with status \(status)") }
        let deadline = ContinuousClock.now + .seconds(20)
        while !server.acceptsConnections() {
            guard ContinuousClock.now < deadline else {
                let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                throw LocalServerError("redis-server did not accept connections within 20 s: \(text.suffix(1000))")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return server
    }

    /// Stops the server (SIGTERM: it writes its AOF and exits) and waits until it is gone (10 s at most).
    public func stop() async {
        guard let text = try? String(contentsOfFile: pidFile, encoding: .utf8),
            let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            return
        }
        kill(pid, SIGTERM)
        let deadline = ContinuousClock.now + .seconds(10)
        while ProcessLiveness.isRunning(pid), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    private func acceptsConnections() -> Bool {
        Loopback.withSocket(port: port) { fd, address, length in connect(fd, address, length) == 0 } ?? false
    }
}
