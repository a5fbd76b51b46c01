import ArgumentParser
import Foundation
import LibPQ
import Logging
import Store

/// `evmhook migrate`: applies the pending `migrations/*.sql`, in order, each in its own transaction.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply migrations/*.sql in order, each in a transaction, recorded in schema_migrations.",
        discussion: "The SQL is built into evmhook; --migrations (or EVMHOOK_MIGRATIONS_DIR) reads a directory instead."
    )

    @Option(help: "PostgreSQL URL, postgres://user:pass@host:port/db (default: EVMHOOK_DATABASE_URL).")
    var databaseURL: String?

    @Option(
        name: .customLong("migrations"),
        help: "Directory of NNNN_name.sql files (default: EVMHOOK_MIGRATIONS_DIR, else the SQL built into evmhook).")
    var migrationsDirectory: String?

    func run() async throws {
        let settings = Settings(environment: ProcessInfo.processInfo.environment)
        var logger = Logger(label: "evmhook.migrate")
        // stdout carries one line per migration; stderr only what the server NOTICEs or warns about.
        logger.logLevel = .notice

        let migrations = try Migration.chosen(
            directory: migrationsDirectory ?? settings.migrationsDirectory,
            setting: "--migrations (or EVMHOOK_MIGRATIONS_DIR)")

        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(url: databaseURL ?? settings.databaseURL, logger: logger)
        } catch let error as PostgresError where error.code == .invalidURL {
            throw InputError(description: "--database-url (or EVMHOOK_DATABASE_URL): \(error.message)")
        } catch let error as PostgresError where error.code == .connectionFailed {
            // CONTRACT.md: an unreachable database is bad configuration (exit 2), named with the setting to fix.
            throw InputError(
                description: "cannot reach PostgreSQL (check --database-url or EVMHOOK_DATABASE_URL): \(error.message)"
            )
        }
        let applied: [Migration]
        do {
            applied = try await Migrator(migrations: migrations, logger: logger).apply(on: connection) {
                print("applied \($0.version)")
            }
        } catch {
            await connection.close()
            throw error
        }
        await connection.close()
        if applied.isEmpty { print("nothing to apply") }
    }
}

extension Migration {
    /// The migrations of `directory` (a flag or EVMHOOK_MIGRATIONS_DIR) when one is given, else those built in.
    /// `setting` names where the directory came from in the error.
    static func chosen(directory: String?, setting: String) throws -> [Migration] {
        guard let directory else { return try Migration.embedded() }
        // An empty path would read the working directory, and a directory without SQL would report "nothing to
        // apply": both are most likely a wrong setting, not an intent.
        guard !directory.isEmpty else { throw InputError(description: "\(setting): the directory is empty text") }
        let migrations: [Migration]
        do {
            migrations = try Migration.load(from: URL(fileURLWithPath: directory))
        } catch let error as MigrationError {
            throw InputError(description: "\(setting): \(error.message)")
        }
        guard !migrations.isEmpty else {
            throw InputError(description: "\(setting): \(directory) holds no NNNN_description.sql files")
        }
        return migrations
    }
}
