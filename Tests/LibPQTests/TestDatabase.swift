import Foundation
import LibPQ
import Logging
import TestSupport

/// The shared test server, with a schema of its own for each test so tests run in parallel.
enum TestDatabase {
    /// Runs `body` with a connection whose `search_path` is a fresh schema, then drops the schema and closes,
    /// whether `body` throws or not.
    static func withSchema<Result>(
        logger: Logger = Logger(label: "test.postgres"),
        _ body: (PostgresConnection, _ schema: String) async throws -> Result
    ) async throws -> Result {
        let schema = TestEnvironment.uniqueName("libpq")
        let connection = try await PostgresConnection.connect(url: try urlWithSearchPath(schema), logger: logger)
        try await connection.query("CREATE SCHEMA \(PostgresIdentifier.quote(schema))")
        do {
            let result = try await body(connection, schema)
            try await cleanUp(connection, schema)
            return result
        } catch {
            try? await cleanUp(connection, schema)
            throw error
        }
    }

    /// The test server's URL with `search_path` set through libpq's `options`, so it survives reconnections.
    static func urlWithSearchPath(_ schema: String) throws -> String {
        let url = try TestEnvironment.databaseURL()
        let separator = url.contains("?") ? "&" : "?"
        return url + separator + "options=-csearch_path%3D" + schema
    }

    private static func cleanUp(_ connection: PostgresConnection, _ schema: String) async throws {
        try await connection.query("DROP SCHEMA \(PostgresIdentifier.quote(schema)) CASCADE")
        await connection.close()
    }
}

/// Keeps every log record, for asserting what reached the logger (and what never did).
struct CapturingLogHandler: LogHandler {
    /// The records, shared by every copy of the handler.
    final class Records: @unchecked Sendable {
        // `@unchecked`: `entries` is only touched with `lock` held.
        private let lock = NSLock()
        private var entries: [LogEvent] = []

        func append(_ event: LogEvent) { lock.withLock { entries.append(event) } }
        var all: [LogEvent] { lock.withLock { entries } }
        /// Each record's message and metadata on one line, for "never contains" checks.
        var text: String {
            all.map { "\($0.level) \($0.message) \($0.metadata ?? [:])" }.joined(separator: "\n")
        }
    }

    let records = Records()
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    var metadataProvider: Logger.MetadataProvider?

    func log(event: LogEvent) {
        var event = event
        event.metadata = metadata.merging(event.metadata ?? [:]) { $1 }
        records.append(event)
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// A logger writing into a new handler, and the handler's records.
    static func logger() -> (Logger, Records) {
        let handler = CapturingLogHandler()
        return (Logger(label: "test.capture") { _ in handler }, handler.records)
    }
}

/// Thrown when an awaited event does not come in time.
struct Timeout: Error, CustomStringConvertible {
    let description: String
}

/// Waits for the first event of `stream` that `matches`, failing after `timeout` (a deadline, not a sleep).
func firstEvent<Event: Sendable>(
    of stream: AsyncStream<Event>,
    within timeout: Duration = .seconds(20),
    where matches: @escaping @Sendable (Event) -> Bool
) async throws -> Event {
    try await withThrowingTaskGroup(of: Event.self) { group in
        group.addTask {
            for await event in stream where matches(event) { return event }
            throw Timeout(description: "the stream finished without the awaited event")
        }
        group.addTask {
            try await Task.sleep(for: timeout)
            throw Timeout(description: "no awaited event within \(timeout)")
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}
