public import LibPQ
public import Logging

/// Applies migrations in order, each in its own transaction, recording them in `schema_migrations`.
///
/// Idempotent: applied versions are skipped. Safe when several processes run it at once: every transaction
/// first takes the same advisory lock, then checks again whether its migration is still unapplied. The table
/// lives in the connection's current schema (the first of `search_path`).
public struct Migrator: Sendable {
    /// The migrations, in the order they apply.
    public let migrations: [Migration]
    private let logger: Logger

    /// The `pg_advisory_xact_lock` key every migration transaction takes ("evmhook" in ASCII).
    static let lockKey: Int64 = 0x65_76_6d_68_6f_6f_6b

    /// A migrator for `migrations`, applied in the order given (`Migration.load` sorts by name).
    public init(migrations: [Migration], logger: Logger) {
        self.migrations = migrations
        self.logger = logger
    }

    /// Applies every migration not yet recorded and returns those this call applied, in order (empty when the
    /// database was up to date). `onApplied` hears of each one as soon as it is committed.
    ///
    /// - Throws: `MigrationError` coded `.failed` naming the migration whose SQL failed (it was rolled back, the
    ///   ones before it stay applied); `PostgresError` when the database cannot be reached.
    public func apply(
        on connection: PostgresConnection,
        onApplied: (Migration) -> Void = { _ in }
    ) async throws -> [Migration] {
        try await connection.transaction { tx in
            try Self.lock(tx)
            let table = try tx.query("SELECT to_regclass('schema_migrations') IS NOT NULL AS present")
            if try table.first?.decode(Bool.self, "present") != true {
                try tx.query(
                    "CREATE TABLE schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL)"
                )
            }
        }
        let recorded = try await connection.query("SELECT version FROM schema_migrations")
        let applied = Set(try recorded.map { try $0.decode(String.self, "version") })
        var appliedNow: [Migration] = []
        for migration in migrations where !applied.contains(migration.version) {
            if try await apply(migration, on: connection) {
                logger.info("applied migration", metadata: ["migration.version": "\(migration.version)"])
                appliedNow.append(migration)
                onApplied(migration)
            }
        }
        return appliedNow
    }

    /// Applies one migration unless another run did meanwhile; true if this call applied it.
    private func apply(_ migration: Migration, on connection: PostgresConnection) async throws -> Bool {
        do {
            return try await connection.transaction { tx in
                try Self.lock(tx)
                let existing = try tx.query(
                    "SELECT 1 FROM schema_migrations WHERE version = $1",
                    [.text(migration.version)]
                )
                guard existing.isEmpty else { return false }
                try tx.executeScript(migration.sql)
                try tx.query(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES ($1, now())",
                    [.text(migration.version)]
                )
                return true
            }
        } catch let error as PostgresError where error.code == .server {
            throw MigrationError(
                .failed,
                "migration \(migration.version) failed and was rolled back",
                version: migration.version,
                underlying: error
            )
        }
    }

    /// Serialises migration transactions across processes until the transaction ends.
    private static func lock(_ tx: isolated PostgresConnection) throws {
        try tx.query("SELECT pg_advisory_xact_lock($1)", [.bigint(lockKey)])
    }
}
