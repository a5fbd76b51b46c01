import Foundation
import LibPQ
import Logging
import TestSupport
import Testing

/// A fresh PostgreSQL schema migrated by `evmhook migrate`, and the environment that points `evmhook` at it.
struct EndpointCLISchema {
    let name: String
    let url: String
    let connection: PostgresConnection

    /// Runs `body` against a new migrated schema, dropped afterwards whether `body` throws or not.
    static func with(_ body: (EndpointCLISchema) async throws -> Void) async throws {
        let name = TestEnvironment.uniqueName("cli")
        let base = try TestEnvironment.databaseURL()
        let url = base + (base.contains("?") ? "&" : "?") + "options=-csearch_path%3D" + name
        let connection = try await PostgresConnection.connect(url: url, logger: Logger(label: "test.cli"))
        try await connection.query("CREATE SCHEMA \(PostgresIdentifier.quote(name))")
        let schema = EndpointCLISchema(name: name, url: url, connection: connection)
        do {
            let migrations = TestEnvironment.repositoryRoot.appendingPathComponent("migrations").path
            let migrated = try await schema.run(["migrate", "--migrations", migrations])
            try #require(migrated.status == 0, "\(migrated.stderr)")
            try await body(schema)
        } catch {
            _ = try? await connection.query("DROP SCHEMA \(PostgresIdentifier.quote(name)) CASCADE")
            await connection.close()
            throw error
        }
        try await connection.query("DROP SCHEMA \(PostgresIdentifier.quote(name)) CASCADE")
        await connection.close()
    }

    /// `evmhook arguments…` with `EVMHOOK_DATABASE_URL` set to this schema, plus `environment`.
    func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> EvmhookBinary.Result {
        try await EvmhookBinary.run(
            arguments, environment: ["EVMHOOK_DATABASE_URL": url].merging(environment) { $1 })
    }

    /// How many endpoints the table holds.
    func count() async throws -> Int {
        let rows = try await connection.query("SELECT count(*) AS n FROM endpoints")
        return try rows[0].decode(Int.self, "n")
    }
}
