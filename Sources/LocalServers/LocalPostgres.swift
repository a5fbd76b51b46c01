public import Foundation

/// A throwaway PostgreSQL cluster in a directory of its own, on a free loopback port, trust authentication: what
/// `evmhook dev` runs when no `EVMHOOK_DATABASE_URL` is configured.
public final class LocalPostgres: Sendable {
    public let port: Int
    public let directory: URL
    private let binDirectory: String

    /// `postgres://postgres@127.0.0.1:PORT/postgres`.
    public var url: String { "postgres://postgres@127.0.0.1:\(port)/postgres" }

    private var dataDirectory: String { directory.appendingPathComponent("data").path }
    private var socketDirectory: String { directory.appendingPathComponent("sock").path }
    private var serverLog: URL { directory.appendingPathComponent("server.log") }
    private var commandLog: URL { directory.appendingPathComponent("commands.log") }

    private init(port: Int, directory: URL, binDirectory: String) {
        self.port = port
        self.directory = directory
        self.binDirectory = binDirectory
    }

    /// Creates a cluster in `directory` (created; owned by `postgres` when root) and starts it; returns once it
    /// accepts connections. `options` are extra server settings, e.g. `["-c fsync=off"]`.
    public static func start(in directory: URL, options: [String] = []) async throws -> LocalPostgres {
        let server = LocalPostgres(
            port: try FreePort.next(), directory: directory, binDirectory: try ServerPrograms.postgresBinDirectory())
        for path in [directory.path, server.socketDirectory] {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            if getuid() == 0 {
                try FileManager.default.setAttributes([.ownerAccountName: "postgres"], ofItemAtPath: path)
            }
        }
        // --no-sync: the cluster is throwaway; a crash of the machine loses it anyway.
        try await server.run(
            "initdb", ["-D", server.dataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"])
        try await server.startServer(options: options)
        return server
    }

    /// Starts the (stopped) server again on the same port.
    public func startServer(options: [String] = []) async throws {
        let settings = ["-p \(port)", "-k \(socketDirectory)", "-c listen_addresses=127.0.0.1"] + options
        try await run(
            "pg_ctl", ["-D", dataDirectory, "-w", "-l", serverLog.path, "-o", settings.joined(separator: " "), "start"])
    }

    /// Stops the server: `fast` (clients disconnected, clean shutdown) or `immediate` (as a crash would).
    public func stopServer(mode: String = "fast") async throws {
        guard postmasterPID() != nil else { return }
        try await run("pg_ctl", ["-D", dataDirectory, "-w", "-m", mode, "stop"])
    }

    /// The postmaster's pid while the server runs.
    public func postmasterPID() -> pid_t? {
        let pidFile = URL(fileURLWithPath: dataDirectory).appendingPathComponent("postmaster.pid")
        guard let text = try? String(contentsOf: pidFile, encoding: .utf8),
            let line = text.split(separator: "\n").first
        else { return nil }
        return pid_t(line)
    }

    /// Runs a PostgreSQL program and throws with its output and the server's log if it fails.
    private func run(_ program: String, _ arguments: [String]) async throws {
        let status = try await ProgramRunner.run(
            ProgramRunner.asPostgresUser(["\(binDirectory)/\(program)"] + arguments), log: commandLog)
        guard status == 0 else {
            let output = (try? String(contentsOf: commandLog, encoding: .utf8)) ?? ""
            // The server's own log says why a start failed (port taken, shared memory…); pg_ctl's output does not.
            let log = (try? String(contentsOf: serverLog, encoding: .utf8)) ?? ""
            throw LocalServerError(
                "\(program) ended with status \(status): \(output.suffix(2000)) server log: \(log.suffix(2000))")
        }
    }
}
