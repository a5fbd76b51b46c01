import LibPQ
import Logging
import TestSupport
import Testing

/// Each test kills and restarts a private cluster of its own, so the shared server stays up for the others.
@Suite("Recovery after a PostgreSQL restart")
struct PostgresRestartTests {
    @Test func connectionReportsTheLossThenReconnects() async throws {
        let server = try await PostgresServerProcess.start()
        let connection = try await PostgresConnection.connect(url: server.url, logger: Logger(label: "test"))
        try await connection.query("CREATE TABLE kept (id int4)")
        try await connection.query("INSERT INTO kept VALUES ($1)", [.int(1)])

        try await server.stopServer()
        let lost = await #expect(throws: PostgresError.self) { try await connection.query("SELECT 1") }
        #expect(lost?.code == .connectionLost)
        let down = await #expect(throws: PostgresError.self) { try await connection.query("SELECT 1") }
        #expect(down?.code == .connectionFailed)

        try await server.startServer()
        let rows = try await connection.query("SELECT count(*) AS n FROM kept")
        #expect(try rows.first?.decode(Int.self, "n") == 1)
        await connection.close()
        try await server.shutdown()
    }

    @Test func listenerReconnectsAndListensAgain() async throws {
        let server = try await PostgresServerProcess.start()
        let channel = "restarts"
        let listener = try await PostgresListener.start(
            url: server.url, channels: [channel], logger: Logger(label: "t"))

        try await server.stopServer()
        try await server.startServer()
        let reconnected = try await firstEvent(of: listener.events) { _ in true }
        #expect(reconnected == .reconnected)

        let sender = try await PostgresConnection.connect(url: server.url, logger: Logger(label: "test"))
        try await sender.query("SELECT pg_notify($1, $2)", [.text(channel), .text("after restart")])
        let event = try await firstEvent(of: listener.events) { _ in true }
        guard case .notification(let notification) = event else {
            Issue.record("expected a notification, got \(event)")
            return
        }
        #expect(notification.payload == "after restart")
        listener.stop()
        await sender.close()
        try await server.shutdown()
    }

    @Test func connectsThroughAUnixSocketDirectory() async throws {
        let server = try await PostgresServerProcess.start()
        let url = "postgres://postgres@/postgres?host=\(server.socketDirectory)&port=\(server.port)"
        let connection = try await PostgresConnection.connect(url: url, logger: Logger(label: "test"))
        // Over a Unix socket the server sees no client address.
        let row = try #require(try await connection.query("SELECT inet_client_addr() IS NULL AS local").first)
        #expect(try row.decode(Bool.self, "local"))
        await connection.close()
        try await server.shutdown()
    }
}
