import Foundation
import LocalServers

/// A private PostgreSQL cluster that one test owns, so it can kill and restart the server under a connection.
///
/// A `LocalServers.LocalPostgres` with test settings: fsync off (the machine does not crash, only the server),
/// crash-like stops, and the cluster deleted when the test ends.
public final class PostgresServerProcess: Sendable {
    private let server: LocalPostgres

    /// The loopback port the server listens on, the same across restarts.
    public var port: Int { server.port }
    /// `postgres://postgres@127.0.0.1:PORT/postgres`: trust authentication, no password.
    public var url: String { server.url }
    /// The directory holding the server's Unix socket, for `?host=` URLs.
    public var socketDirectory: String { server.directory.appendingPathComponent("sock").path }

    private init(server: LocalPostgres) {
        self.server = server
    }

    /// Creates a cluster in a fresh temporary directory on a free port and starts it.
    public static func start() async throws -> PostgresServerProcess {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent(TestEnvironment.uniqueName("evmhook-pg"))
        return PostgresServerProcess(server: try await LocalPostgres.start(in: directory, options: options))
    }

    /// synchronous_commit stays on, so what a test committed survives the immediate stop.
    private static let options = ["-c fsync=off"]

    deinit {
        // Last resort for a test that failed before `shutdown()`: SIGQUIT is PostgreSQL's immediate shutdown.
        if let pid = server.postmasterPID() { kill(pid, SIGQUIT) }
        try? FileManager.default.removeItem(at: server.directory)
    }

    /// Starts the server again on the same port and returns once it accepts connections.
    public func startServer() async throws {
        try await server.startServer(options: Self.options)
    }

    /// Kills the server as a crash would (`-m immediate`: no checkpoint, every client connection cut).
    public func stopServer() async throws {
        try await server.stopServer(mode: "immediate")
    }

    /// Stops the server and deletes the cluster.
    public func shutdown() async throws {
        try await stopServer()
        try FileManager.default.removeItem(at: server.directory)
    }
}
