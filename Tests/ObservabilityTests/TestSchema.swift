import Foundation
import LibPQ
import Logging
import TestSupport
import Testing

/// A fresh PostgreSQL schema migrated by `evmhook migrate`; `url` points `evmhook` at it.
struct TestSchema {
    let url: String

    /// Runs `body` against a new migrated schema, dropped afterwards whether `body` throws or not.
    static func with(_ body: (TestSchema) async throws -> Void) async throws {
        let name = TestEnvironment.uniqueName("obs")
        let base = try TestEnvironment.databaseURL()
        let url = base + (base.contains("?") ? "&" : "?") + "options=-csearch_path%3D" + name
        let connection = try await PostgresConnection.connect(url: url, logger: Logger(label: "test.obs"))
        try await connection.query("CREATE SCHEMA \(PostgresIdentifier.quote(name))")
        let schema = TestSchema(url: url)
        var failure: (any Error)?
        do {
            let migrations = TestEnvironment.repositoryRoot.appendingPathComponent("migrations").path
            let migrated = try await schema.run(["migrate", "--migrations", migrations])
            try #require(migrated.status == 0, "\(migrated.stderr)")
            try await body(schema)
        } catch {
            failure = error
        }
        _ = try? await connection.query("DROP SCHEMA \(PostgresIdentifier.quote(name)) CASCADE")
        await connection.close()
        if let failure { throw failure }
    }

    /// `evmhook arguments…` with `EVMHOOK_DATABASE_URL` set to this schema, plus `environment`.
    func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> EvmhookBinary.Result {
        try await EvmhookBinary.run(arguments, environment: ["EVMHOOK_DATABASE_URL": url].merging(environment) { $1 })
    }

    /// `evmhook endpoint add --json …` for `url` on chain 31337; returns (id, secret).
    func addEndpoint(url: String, _ extra: [String] = []) async throws -> (id: String, secret: String) {
        let added = try await run(
            ["endpoint", "add", "--json", "--url", url, "--chain", "31337"] + extra,
            environment: ["EVMHOOK_ALLOW_PRIVATE_TARGETS": "1"])
        try #require(added.status == 0, "\(added.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(added.stdout.utf8)) as? [String: Any]
        return (try #require(object?["id"] as? String), try #require(object?["secret"] as? String))
    }
}
