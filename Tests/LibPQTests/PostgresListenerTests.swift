import LibPQ
import Logging
import TestSupport
import Testing

@Suite("PostgresListener against the test server")
struct PostgresListenerTests {
    @Test func notificationFromAnotherConnectionArrives() async throws {
        let url = try TestEnvironment.databaseURL()
        let channel = TestEnvironment.uniqueName("endpoints")
        let listener = try await PostgresListener.start(url: url, channels: [channel], logger: Logger(label: "test"))
        let sender = try await PostgresConnection.connect(url: url, logger: Logger(label: "test"))
        let senderPID = try #require(try await sender.query("SELECT pg_backend_pid() AS pid").first)
            .decode(Int32.self, "pid")

        try await sender.query("SELECT pg_notify($1, $2)", [.text(TestEnvironment.uniqueName("other")), .text("no")])
        try await sender.query("SELECT pg_notify($1, $2)", [.text(channel), .text("changed: ✓ \"42\"")])

        let event = try await firstEvent(of: listener.events) { _ in true }
        #expect(event == .notification(.init(channel: channel, payload: "changed: ✓ \"42\"", processID: senderPID)))
        listener.stop()
        await sender.close()
    }

    @Test func stopFinishesTheStream() async throws {
        let listener = try await PostgresListener.start(
            url: try TestEnvironment.databaseURL(),
            channels: [TestEnvironment.uniqueName("quiet")],
            logger: Logger(label: "test")
        )
        listener.stop()
        // `firstEvent` throws "finished" when the stream ends and "within" when it does not end in time.
        let error = await #expect(throws: Timeout.self) { try await firstEvent(of: listener.events) { _ in true } }
        #expect(error?.description.contains("finished") == true)
    }

    @Test func unreachableServerFailsToStart() async throws {
        let error = await #expect(throws: PostgresError.self) {
            try await PostgresListener.start(
                url: "postgres://postgres@127.0.0.1:\(try FreePort.next())/db",
                channels: ["x"],
                logger: Logger(label: "test")
            )
        }
        #expect(error?.code == .connectionFailed)
    }
}
