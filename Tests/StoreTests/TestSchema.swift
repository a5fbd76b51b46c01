import LibPQ
import Logging
import TestSupport

/// Runs `body` with a connection to a fresh schema of the test server and a URL that opens more connections to it
/// (its `search_path` travels in libpq's `options`), then drops the schema, whether `body` throws or not.
func withTestSchema(_ body: (PostgresConnection, _ url: String) async throws -> Void) async throws {
    let schema = TestEnvironment.uniqueName("store")
    let base = try TestEnvironment.databaseURL()
    let url = base + (base.contains("?") ? "&" : "?") + "options=-csearch_path%3D" + schema
    let connection = try await PostgresConnection.connect(url: url, logger: Logger(label: "test.store"))
    try await connection.query("CREATE SCHEMA \(PostgresIdentifier.quote(schema))")
    do {
        try await body(connection, url)
    } catch {
        _ = try? await connection.query("DROP SCHEMA \(PostgresIdentifier.quote(schema)) CASCADE")
        await connection.close()
        throw error
    }
    try await connection.query("DROP SCHEMA \(PostgresIdentifier.quote(schema)) CASCADE")
    await connection.close()
}
