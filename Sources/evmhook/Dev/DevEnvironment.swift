import Foundation
import LibPQ
import LocalServers
import Logging
import Store

/// Redis and PostgreSQL for `evmhook dev`: the configured ones, or throwaway local servers in a temporary directory.
/// The database is migrated before anything uses it.
struct DevEnvironment: Sendable {
    let redisURL: String
    let databaseURL: String
    /// Where the local servers keep their data; nil when both are configured.
    let directory: URL?
    private let redis: LocalRedis?
    private let postgres: LocalPostgres?
    private let keep: Bool

    static func start(settings: Settings, keep: Bool, logger: Logger) async throws -> DevEnvironment {
        let environment = ProcessInfo.processInfo.environment
        let ownRedis = environment["EVMHOOK_REDIS_URL", default: ""].isEmpty
        let ownPostgres = environment["EVMHOOK_DATABASE_URL", default: ""].isEmpty
        var directory: URL?
        if ownRedis || ownPostgres {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent(
                "evmhook-dev-\(UUID().uuidString.prefix(8).lowercased())")
            try FileManager.default.createDirectory(at: path, withIntermediateDirectories: true)
            directory = path
        }
        var redis: LocalRedis?
        var postgres: LocalPostgres?
        do {
            if ownRedis, let directory {
                redis = try await LocalRedis.start(in: directory.appendingPathComponent("redis"))
            }
            if ownPostgres, let directory {
                postgres = try await LocalPostgres.start(in: directory.appendingPathComponent("postgres"))
            }
        } catch let error as LocalServerError {
            await redis?.stop()
            if let directory { try? FileManager.default.removeItem(at: directory) }
            throw InputError(description: error.description)
        }
        let dev = DevEnvironment(
            redisURL: redis?.url ?? settings.redisURL, databaseURL: postgres?.url ?? settings.databaseURL,
            directory: directory, redis: redis, postgres: postgres, keep: keep)
        do {
            try await dev.migrate(directory: settings.migrationsDirectory, logger: logger)
        } catch {
            await dev.stop()
            throw error
        }
        return dev
    }

    private func migrate(directory: String?, logger: Logger) async throws {
        let migrations = try Migration.chosen(directory: directory, setting: "EVMHOOK_MIGRATIONS_DIR")
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(url: databaseURL, logger: logger)
        } catch let error as PostgresError where error.code == .connectionFailed || error.code == .invalidURL {
            throw InputError(description: "cannot reach PostgreSQL (check EVMHOOK_DATABASE_URL): \(error.message)")
        }
        defer { Task { await connection.close() } }
        _ = try await Migrator(migrations: migrations, logger: logger).apply(on: connection)
    }

    /// Stops the local servers and removes their data unless asked to keep it.
    func stop() async {
        await redis?.stop()
        try? await postgres?.stopServer()
        guard let directory else { return }
        if keep {
            print("kept the local Redis and PostgreSQL data in \(directory.path)")
        } else {
            try? FileManager.default.removeItem(at: directory)
        }
    }
}
