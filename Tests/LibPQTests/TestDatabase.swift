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
