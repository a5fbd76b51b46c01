import Foundation
import LibPQ
import Logging
import TestSupport
import Testing
import Threading

/// One test's evmhook installation: a migrated PostgreSQL schema, a Redis key prefix, and (once `start`ed) the
/// pipeline as `evmhook ingest`, `process` and `deliver` processes against the node of `EVMHOOK_RPC_URL`.
final class Deployment: Sendable {
    let schema: String
    let databaseURL: String
    let prefix: String
    let database: PostgresConnection
    private let processes = Guarded<[ChildProcess]>([])
    let environment: [String: String]

    private init(
        schema: String, databaseURL: String, prefix: String, database: PostgresConnection,
        environment: [String: String]
    ) {
        self.schema = schema
        self.databaseURL = databaseURL
        self.prefix = prefix
        self.database = database
        self.environment = environment
    }

    /// Runs `body` with a fresh installation whose services follow `rpcURL` (when given), then stops them and
    /// drops the schema, whether `body` throws or not.
    static func with(rpcURL: String?, _ body: (Deployment) async throws -> Void) async throws {
        let schema = TestEnvironment.uniqueName("reconcile")
        let base = try TestEnvironment.databaseURL()
        let url = base + (base.contains("?") ? "&" : "?") + "options=-csearch_path%3D" + schema
        let database = try await PostgresConnection.connect(url: url, logger: Logger(label: "test.reconcile"))
        try await database.query("CREATE SCHEMA \(PostgresIdentifier.quote(schema))")
        let prefix = TestEnvironment.uniqueName("reconcile")
        var environment = [
            "EVMHOOK_DATABASE_URL": url, "EVMHOOK_REDIS_URL": try TestEnvironment.redisURL(),
            "EVMHOOK_REDIS_PREFIX": prefix, "EVMHOOK_ALLOW_PRIVATE_TARGETS": "1",
            "EVMHOOK_RETRY_SCHEDULE": "200ms,200ms,200ms",
        ]
        if let rpcURL { environment["EVMHOOK_RPC_URL"] = rpcURL }
        let deployment = Deployment(
            schema: schema, databaseURL: url, prefix: prefix, database: database, environment: environment)
        do {
            let migrations = TestEnvironment.repositoryRoot.appendingPathComponent("migrations").path
            let migrated = try await EvmhookBinary.run(
                ["migrate", "--migrations", migrations], environment: environment)
            try #require(migrated.status == 0, "\(migrated.stderr)")
            try await body(deployment)
        } catch {
            await deployment.stopServices()
            _ = try? await database.query("DROP SCHEMA \(PostgresIdentifier.quote(schema)) CASCADE")
            await database.close()
            throw error
        }
        await deployment.stopServices()
        try await database.query("DROP SCHEMA \(PostgresIdentifier.quote(schema)) CASCADE")
        await database.close()
    }

    /// Starts the pipeline's `services` (each an `evmhook` command line); call it once the endpoints exist, so the
    /// first entries are matched against all of them.
    func start(_ services: [[String]] = [["ingest"], ["process"], ["deliver"]]) throws {
        let binary = try EvmhookBinary.executable().path
        for service in services {
            let arguments = service == ["ingest"] ? service + ["--block-time", "100ms", "--start-block", "0"] : service
            let process = try ChildProcess(binary, arguments, environment: environment)
            processes.withLock { $0.append(process) }
        }
    }

    private func stopServices() async {
        for process in processes.withLock({ $0 }) { await process.stop(signal: SIGTERM) }
    }

    /// `evmhook arguments…` against this installation, with `extra` on top of its environment.
    func run(_ arguments: [String], extra: [String: String] = [:]) async throws -> EvmhookBinary.Result {
        try await EvmhookBinary.run(arguments, environment: environment.merging(extra) { $1 })
    }

    /// Adds an endpoint for every log of chain 31337 delivered to `url`; returns its id and secret.
    func addEndpoint(url: String) async throws -> (id: String, secret: String) {
        let added = try await run(["endpoint", "add", "--json", "--url", url, "--chain", "31337"])
        try #require(added.status == 0, "\(added.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(added.stdout.utf8)) as? [String: Any]
        return (try #require(object?["id"] as? String), try #require(object?["secret"] as? String))
    }

    /// `block hash|log index` of the events of `type` delivered (2xx) to `endpoint`.
    func delivered(to endpoint: String, type: String = "evm.log") async throws -> Set<String> {
        let rows = try await database.query(
            """
            SELECT DISTINCT block_hash, log_index FROM delivery_attempts
            WHERE endpoint_id = $1::uuid AND event_type = $2 AND status BETWEEN 200 AND 299
            """, [.text(endpoint), .text(type)])
        return Set(
            try rows.map { "\(try $0.decode(String.self, "block_hash"))|\(try $0.decode(Int64.self, "log_index"))" })
    }

    /// The webhook ids of the dead letters.
    func deadLetters() async throws -> [String] {
        try await database.query("SELECT webhook_id FROM dead_letters").map { try $0.decode(String.self, "webhook_id") }
    }

    /// The webhook id `endpoint`'s deliveries of `type` for the log `key` (`block hash|log index`) carried.
    func webhookID(of key: String, to endpoint: String, type: String = "evm.log") async throws -> String {
        let parts = key.split(separator: "|")
        let rows = try await database.query(
            """
            SELECT DISTINCT webhook_id FROM delivery_attempts
            WHERE endpoint_id = $1::uuid AND block_hash = $2 AND log_index = $3 AND event_type = $4
            """, [.text(endpoint), .text(String(parts[0])), .bigint(Int64(parts[1]) ?? -1), .text(type)])
        try #require(rows.count == 1, "\(rows.count) webhook ids for \(key)")
        return try rows[0].decode(String.self, "webhook_id")
    }

    /// Polls `condition` every 100 ms until it holds, failing after `limit`.
    static func waitUntil(
        _ what: String, within limit: Duration = .seconds(90), _ condition: () async throws -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + limit
        while !(try await condition()) {
            guard ContinuousClock.now < deadline else {
                Issue.record("timed out waiting for \(what)")
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}
