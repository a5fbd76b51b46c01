import Foundation
import LibPQ
import Logging
import Store

/// A fresh PostgreSQL schema, migrated, for one benchmark run: its own `search_path` URL for the evmhook processes
/// the benchmark starts, and a connection to it. `drop()` removes it.
struct BenchSchema {
    let name: String
    /// `databaseURL` with the schema as its `search_path`.
    let url: String
    let connection: PostgresConnection
    private let admin: PostgresConnection

    static func create(
        prefix: String, databaseURL: String, migrations: String, logger: Logger
    ) async throws -> BenchSchema {
        let name = "\(prefix)_\(UUID().uuidString.prefix(8).lowercased())"
        let url = databaseURL + (databaseURL.contains("?") ? "&" : "?") + "options=-csearch_path%3D" + name
        let admin = try await PostgresConnection.connect(url: databaseURL, logger: logger)
        try await admin.query("CREATE SCHEMA \(PostgresIdentifier.quote(name))")
        let connection = try await PostgresConnection.connect(url: url, logger: logger)
        _ = try await Migrator(
            migrations: try Migration.load(from: URL(fileURLWithPath: migrations)), logger: logger
        ).apply(on: connection)
        return BenchSchema(name: name, url: url, connection: connection, admin: admin)
    }

    func drop() async throws {
        await connection.close()
        try await admin.query("DROP SCHEMA \(PostgresIdentifier.quote(name)) CASCADE")
        await admin.close()
    }
}
