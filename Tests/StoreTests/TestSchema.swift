import Foundation
import LibPQ
import Logging
import Store
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

/// `withTestSchema` with the repository's `migrations/` applied.
func withMigratedSchema(_ body: (PostgresConnection, _ url: String) async throws -> Void) async throws {
    try await withTestSchema { connection, url in
        try await migrate(connection)
        try await body(connection, url)
    }
}

/// Applies the repository's `migrations/` on `connection`.
func migrate(_ connection: PostgresConnection) async throws {
    let migrations = try Migration.load(from: TestEnvironment.repositoryRoot.appendingPathComponent("migrations"))
    _ = try await Migrator(migrations: migrations, logger: Logger(label: "test.migrate")).apply(on: connection)
}
