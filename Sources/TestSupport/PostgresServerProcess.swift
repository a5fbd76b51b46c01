import Foundation

/// A private PostgreSQL cluster that one test owns, so it can kill and restart the server under a connection.
///
/// `initdb` and `pg_ctl` come from `TestEnvironment.postgresBinDirectory()`. Both refuse to run as root, so as
/// root they run as the `postgres` user (`runuser`) in a directory that user owns, as `scripts/lib/servers.sh`
/// does. Commands are awaited through their termination handler, never by blocking a cooperative thread.
public final class PostgresServerProcess: Sendable {
    /// The loopback port the server listens on, the same across restarts.
    public let port: Int
    private let directory: URL
    private let binDirectory: String

    /// `postgres://postgres@127.0.0.1:PORT/postgres`: trust authentication, no password.
    public var url: String { "postgres://postgres@127.0.0.1:\(port)/postgres" }

    private var dataDirectory: String { directory.appendingPathComponent("data").path }
    /// The directory holding the server's Unix socket, for `?host=` URLs.
    public var socketDirectory: String { directory.appendingPathComponent("sock").path }
    private var logFile: String { directory.appendingPathComponent("server.log").path }
    private var commandLog: URL { directory.appendingPathComponent("commands.log") }

    private init(port: Int, directory: URL, binDirectory: String) {
        self.port = port
        self.directory = directory
        self.binDirectory = binDirectory
    }

    /// Creates a cluster in a fresh temporary directory on a free port and starts it.
    public static func start() async throws -> PostgresServerProcess {
        let binDirectory = try TestEnvironment.postgresBinDirectory()
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent(TestEnvironment.uniqueName("evmhook-pg"))
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let server = PostgresServerProcess(port: try FreePort.next(), directory: directory, binDirectory: binDirectory)
        try FileManager.default.createDirectory(atPath: server.socketDirectory, withIntermediateDirectories: true)
        if getuid() == 0 {
            for path in [directory.path, server.socketDirectory] {
                try FileManager.default.setAttributes([.ownerAccountName: "postgres"], ofItemAtPath: path)
            }
        }
        try await server.run(
            "initdb", ["-D", server.dataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"]
        )
        try await server.startServer()
        return server
    }

    deinit {
        // Last resort for a test that failed before `shutdown()`: SIGQUIT is PostgreSQL's immediate shutdown.
        if let pid = postmasterPID() { kill(pid, SIGQUIT) }
        try? FileManager.default.removeItem(at: directory)
    }

    /// Starts the server again on the same port and returns once it accepts connections.
    public func startServer() async throws {
        // fsync=off is safe (the machine does not crash, only the server); synchronous_commit stays on so that
        // what a test committed survives the immediate stop.
        let options = ["-p \(port)", "-k \(socketDirectory)", "-c listen_addresses=127.0.0.1", "-c fsync=off"]
        try await run(
            "pg_ctl",
            ["-D", dataDirectory, "-w", "-l", logFile, "-o", options.joined(separator: " "), "start"]
        )
    }

    /// Kills the server as a crash would (`-m immediate`: no checkpoint, every client connection cut).
    public func stopServer() async throws {
        try await run("pg_ctl", ["-D", dataDirectory, "-w", "-m", "immediate", "stop"])
    }

    /// Stops the server and deletes the cluster.
    public func shutdown() async throws {
        if postmasterPID() != nil { try await stopServer() }
        try FileManager.default.removeItem(at: directory)
    }

    private func postmasterPID() -> pid_t? {
        let pidFile = URL(fileURLWithPath: dataDirectory).appendingPathComponent("postmaster.pid")
        guard let text = try? String(contentsOf: pidFile, encoding: .utf8),
            let line = text.split(separator: "\n").first
        else { return nil }
        return pid_t(line)
    }

    /// Runs a PostgreSQL program (as `postgres` when root) and throws with its output if it fails.
    ///
    /// Not `Foundation.Process`: its termination handler never fired for `pg_ctl start` (the runuser child stayed
    /// a zombie while the server `pg_ctl` leaves behind ran on), which hung the test. Here the child is reaped with
    /// a blocking `waitpid` on a thread of its own.
    private func run(_ program: String, _ arguments: [String]) async throws {
        let command = (getuid() == 0 ? ["runuser", "-u", "postgres", "--"] : []) + ["\(binDirectory)/\(program)"]
        let argv = (command + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, commandLog.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, argv[0]!, &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw ChildProcess.Failure(description: "cannot start \(program): \(String(cString: strerror(spawned)))")
        }
        let child = pid
        let status = await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
            Thread {
                var status: Int32 = 0
                while waitpid(child, &status, 0) == -1 && errno == EINTR {}
                continuation.resume(returning: status)
            }.start()
        }
        guard status == 0 else {
            let log = (try? String(contentsOf: commandLog, encoding: .utf8)) ?? ""
            // The server's own log says why a start failed (port taken, shared memory…); pg_ctl's output does not.
            let serverLog = (try? String(contentsOf: URL(fileURLWithPath: logFile), encoding: .utf8)) ?? ""
            throw ChildProcess.Failure(
                description:
                    "\(program) ended with status \(status): \(log.suffix(2000)) server log: \(serverLog.suffix(2000))"
            )
        }
    }
}
