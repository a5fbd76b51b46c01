import Admin
import ArgumentParser
import Delivery
import Foundation
import Hiredis
import LibPQ
import Logging
import Pipeline

/// `evmhook dlq`: dead letters, the jobs Delivery gave up on.
struct DLQCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dlq",
        abstract: "Inspect, re-queue and delete dead letters.",
        subcommands: [List.self, Retry.self, Delete.self]
    )

    /// Where the dead letters and the queue are.
    struct Connections: ParsableArguments {
        @Option(help: "PostgreSQL URL (default: EVMHOOK_DATABASE_URL).")
        var databaseURL: String?

        /// Opens the database, mapping an unusable URL or server to bad configuration (exit 2).
        func database(_ settings: Settings, logger: Logger) async throws -> PostgresConnection {
            do {
                return try await PostgresConnection.connect(url: databaseURL ?? settings.databaseURL, logger: logger)
            } catch let error as PostgresError where error.code == .invalidURL || error.code == .connectionFailed {
                throw InputError(
                    description:
                        "cannot reach PostgreSQL (check --database-url or EVMHOOK_DATABASE_URL): \(error.message)"
                )
            }
        }
    }

    static func endpointID(_ text: String) throws -> UUID {
        guard let id = UUID(uuidString: text) else {
            throw InputError(description: "--endpoint: '\(text)' is not a UUID")
        }
        return id
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List dead letters, oldest first.")

        @OptionGroup var connections: Connections

        @Option(help: "Only this endpoint's dead letters (its id).")
        var endpoint: String?

        @Flag(help: "Print a JSON array (with each job) instead of one line per dead letter.")
        var json = false

        func run() async throws {
            let settings = Settings(environment: ProcessInfo.processInfo.environment)
            let selection: DeadLetterStore.Selection =
                try endpoint.map { .endpoint(try DLQCommand.endpointID($0)) } ?? .all
            let database = try await connections.database(settings, logger: Logger(label: "evmhook.dlq"))
            let letters: [DeadLetter]
            do {
                letters = try await DeadLetterStore(connection: database).list(selection)
            } catch {
                await database.close()
                throw error
            }
            await database.close()
            if json {
                let objects = letters.map(Self.object)
                let data = try JSONSerialization.data(withJSONObject: objects, options: [.sortedKeys])
                print(String(decoding: data, as: UTF8.self))
                return
            }
            for letter in letters {
                let fields = [
                    String(letter.id), letter.reason.rawValue,
                    letter.endpointID?.uuidString.lowercased() ?? "-", letter.webhookID ?? "-",
                    "attempts=\(letter.attempts)", "status=\(letter.lastStatus.map(String.init) ?? "-")",
                    ISO8601DateFormatter().string(from: letter.createdAt),
                ]
                print(fields.joined(separator: "  ") + (letter.lastError.map { "  \($0)" } ?? ""))
            }
        }

        static func object(_ letter: DeadLetter) -> [String: Any] {
            [
                "id": letter.id, "reason": letter.reason.rawValue,
                "endpoint_id": letter.endpointID.map { $0.uuidString.lowercased() as Any } ?? NSNull(),
                "webhook_id": letter.webhookID.map { $0 as Any } ?? NSNull(), "attempts": letter.attempts,
                "last_status": letter.lastStatus.map { $0 as Any } ?? NSNull(),
                "last_error": letter.lastError.map { $0 as Any } ?? NSNull(),
                "created_at": ISO8601DateFormatter().string(from: letter.createdAt), "job": letter.job,
            ]
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-queue dead letters with a fresh attempt count (by id, by endpoint, or all).")

        @OptionGroup var connections: Connections

        @Option(help: "Redis URL (default: EVMHOOK_REDIS_URL).")
        var redisURL: String?

        @Argument(help: "Dead letter ids (from `dlq list`).")
        var ids: [Int64] = []

        @Option(help: "Every dead letter of this endpoint (its id).")
        var endpoint: String?

        @Flag(help: "Every dead letter.")
        var all = false

        func validate() throws {
            let chosen = [!ids.isEmpty, endpoint != nil, all].filter { $0 }.count
            guard chosen == 1 else {
                throw ValidationError("give dead letter ids, or --endpoint ID, or --all (one of them)")
            }
        }

        func run() async throws {
            let settings = Settings(environment: ProcessInfo.processInfo.environment)
            let logger = Logger(label: "evmhook.dlq")
            let selection: DeadLetterStore.Selection =
                if let endpoint { .endpoint(try DLQCommand.endpointID(endpoint)) } else if all { .all } else {
                    .ids(ids)
                }
            let database = try await connections.database(settings, logger: logger)
            let redis: RedisConnection
            do {
                redis = try await RedisCommandConnection.open(redisURL ?? settings.redisURL, logger: logger)
            } catch {
                await database.close()
                throw error
            }
            let report: DeadLetterStore.RetryReport
            do {
                report = try await DeadLetterOperations(connection: database).retry(
                    selection, keys: RedisKeys(prefix: settings.redisPrefix), redis: redis)
            } catch let error as NotFoundError {
                await redis.close()
                await database.close()
                throw InputError(description: "no dead letter with id \(error.id)")
            } catch {
                await redis.close()
                await database.close()
                throw error
            }
            await redis.close()
            await database.close()
            for (id, reason) in report.skipped {
                FileHandle.standardError.write(Data("dead letter \(id) cannot be retried: \(reason)\n".utf8))
            }
            print("requeued \(report.requeued.count) dead letter\(report.requeued.count == 1 ? "" : "s")")
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete dead letters for good (audited).")

        @OptionGroup var connections: Connections

        @Argument(help: "Dead letter ids (from `dlq list`).")
        var ids: [Int64]

        func run() async throws {
            let settings = Settings(environment: ProcessInfo.processInfo.environment)
            let database = try await connections.database(settings, logger: Logger(label: "evmhook.dlq"))
            let operations = DeadLetterOperations(connection: database)
            do {
                for id in ids { try await operations.delete(id) }
            } catch let error as NotFoundError {
                await database.close()
                throw InputError(description: "\(error)")
            } catch {
                await database.close()
                throw error
            }
            await database.close()
            print("deleted \(ids.count) dead letter\(ids.count == 1 ? "" : "s")")
        }
    }
}
