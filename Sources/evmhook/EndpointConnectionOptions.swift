import Admin
import ArgumentParser
import Foundation
import LibPQ
import Logging
import Store

/// What every `endpoint` subcommand takes: the database and `--json`.
struct EndpointConnectionOptions: ParsableArguments {
    @Option(help: "PostgreSQL URL, postgres://user:pass@host:port/db (default: EVMHOOK_DATABASE_URL).")
    var databaseURL: String?

    @Flag(help: "Print JSON.")
    var json = false

    /// Runs `body` with the endpoint store, closing the connection afterwards; connection problems are the
    /// user's configuration to fix (exit 2, naming the setting).
    func withStore<Result>(_ body: (EndpointStore) async throws -> Result) async throws -> Result {
        try await withConnection { try await body(EndpointStore(connection: $0)) }
    }

    /// Runs `body` with the operations the API shares (same checks, audited as `cli`); a refused field or an
    /// unknown id is an input error (exit 2) naming the flag or the id.
    func withOperations<Result>(_ body: (EndpointOperations) async throws -> Result) async throws -> Result {
        let settings = Settings(environment: ProcessInfo.processInfo.environment)
        do {
            return try await withConnection { connection in
                try await body(
                    EndpointOperations(connection: connection, allowPrivateTargets: settings.allowPrivateTargets))
            }
        } catch let error as FieldError {
            throw EndpointFieldOptions.inputError(error)
        } catch let error as NotFoundError {
            throw InputError(description: "endpoint id: \(error)")
        }
    }

    /// Runs `body` with a connection to the database, closed afterwards.
    func withConnection<Result>(_ body: (PostgresConnection) async throws -> Result) async throws -> Result {
        let settings = Settings(environment: ProcessInfo.processInfo.environment)
        var logger = Logger(label: "evmhook.endpoint")
        logger.logLevel = .warning
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(url: databaseURL ?? settings.databaseURL, logger: logger)
        } catch let error as PostgresError where error.code == .invalidURL {
            throw InputError(description: "--database-url (or EVMHOOK_DATABASE_URL): \(error.message)")
        } catch let error as PostgresError where error.code == .connectionFailed {
            throw InputError(
                description: "cannot reach PostgreSQL (check --database-url or EVMHOOK_DATABASE_URL): \(error.message)"
            )
        }
        do {
            let result = try await body(connection)
            await connection.close()
            return result
        } catch let error as PostgresError where error.sqlState == "42P01" {
            await connection.close()
            throw InputError(description: "a table is missing (\(error.message)): run `evmhook migrate` first")
        } catch {
            await connection.close()
            throw error
        }
    }
}

/// The endpoint id every subcommand but `add` and `list` takes.
struct EndpointIDArgument: ParsableArguments {
    @Argument(help: "The endpoint's id (a UUID).")
    var id: String

    /// The parsed id, or an input error naming it.
    func uuid() throws -> UUID {
        guard let uuid = UUID(uuidString: id) else {
            throw InputError(description: "endpoint id: '\(id)' is not a UUID")
        }
        return uuid
    }

    /// The error for an id that names no endpoint.
    func notFound() -> InputError {
        InputError(description: "endpoint id: no endpoint \(id.lowercased())")
    }
}
