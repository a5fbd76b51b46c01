import Curl
import Delivery
import Foundation
import Hiredis
import LibPQ
import Logging
import Pipeline
import Store
import TestSupport

/// One test's world: its own PostgreSQL schema (migrated), its own Redis key prefix, an endpoint catalog, and a
/// Delivery worker running in this process until `stop()`.
final class DeliveryHarness: Sendable {
    let keys: RedisKeys
    let redis: RedisConnection
    let database: PostgresConnection
    let databaseURL: String
    let redisURL: String
    let schema: String
    let catalog: EndpointCatalog
    let logger = Logger(label: "test.delivery")

    var endpoints: EndpointStore { EndpointStore(connection: database) }

    private init(
        keys: RedisKeys, redis: RedisConnection, database: PostgresConnection, databaseURL: String, redisURL: String,
        schema: String, catalog: EndpointCatalog
    ) {
        self.keys = keys
        self.redis = redis
        self.database = database
        self.databaseURL = databaseURL
        self.redisURL = redisURL
        self.schema = schema
        self.catalog = catalog
    }

    /// A migrated schema on the test PostgreSQL (or `databaseBase`), a fresh key prefix on the test Redis (or
    /// `redisURL`).
    static func start(redisURL: String? = nil, databaseBase: String? = nil) async throws -> DeliveryHarness {
        let schema = TestEnvironment.uniqueName("delivery")
        let base = try databaseBase ?? TestEnvironment.databaseURL()
        let url = base + (base.contains("?") ? "&" : "?") + "options=-csearch_path%3D" + schema
        let logger = Logger(label: "test.delivery")
        let admin = try await PostgresConnection.connect(url: base, logger: logger)
        try await admin.query("CREATE SCHEMA \(PostgresIdentifier.quote(schema))")
        await admin.close()
        let database = try await PostgresConnection.connect(url: url, logger: logger)
        let migrations = try Migration.load(
            from: TestEnvironment.repositoryRoot.appendingPathComponent("migrations"))
        _ = try await Migrator(migrations: migrations, logger: logger).apply(on: database)
        let redisURL = try redisURL ?? TestEnvironment.redisURL()
        let redis = try await RedisConnection.connect(to: redisURL, logger: logger)
        let catalog = try await EndpointCatalog.start(databaseURL: url, logger: logger)
        return DeliveryHarness(
            keys: RedisKeys(prefix: TestEnvironment.uniqueName("deliver")), redis: redis, database: database,
            databaseURL: url, redisURL: redisURL, schema: schema, catalog: catalog)
    }

    /// The configuration tests start from: fast retries, loopback allowed, short timeouts.
    static func configuration() -> DeliveryService.Configuration {
        var configuration = DeliveryService.Configuration(userAgent: "evmhook/test")
        configuration.retrySchedule = RetrySchedule(delays: [.milliseconds(200), .milliseconds(200)])
        configuration.addressGuard = .allowingPrivateTargets
        configuration.takeBlock = .milliseconds(200)
        configuration.shutdownGrace = .seconds(2)
        configuration.breaker.coolDown = .seconds(1)
        return configuration
    }

    func service(
        _ configuration: DeliveryService.Configuration = configuration(), logger: Logger? = nil
    ) -> DeliveryService {
        DeliveryService(
            configuration: configuration, keys: keys, redisURL: redisURL, databaseURL: databaseURL, catalog: catalog,
            logger: logger ?? self.logger)
    }

    /// A new enabled endpoint to `url`, visible in the catalog before this returns.
    func addEndpoint(
        url: String, secret: String? = nil, rateLimit: Int? = nil, maxAttempts: Int? = nil,
        timeoutMilliseconds: Int = 5_000
    ) async throws -> Endpoint {
        let endpoint = Endpoint(
            url: url, chainID: 1, secret: try secret ?? WebhookSecret.generate().encoded, rateLimitPerSecond: rateLimit,
            maxAttempts: maxAttempts, timeoutMilliseconds: timeoutMilliseconds)
        try await endpoints.insert(endpoint)
        try await waitUntil("the catalog has the endpoint") { catalog.endpoint(endpoint.id) != nil }
        return endpoint
    }

    /// A job for `endpoint` with a unique webhook id.
    func job(for endpoint: Endpoint, index: Int) -> DeliveryJob {
        let id = "msg_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased())"
        return DeliveryJob(
            endpointID: endpoint.id, webhookID: id, type: .log,
            enqueuedAt: UInt64(Date().timeIntervalSince1970 * 1_000),
            body: #"{"type":"evm.log","timestamp":"2026-11-30T00:00:00Z","data":{"index":\#(index)}}"#)
    }

    /// Pushes jobs as the Processor does.
    func push(_ jobs: [DeliveryJob]) async throws {
        try await pushRaw(jobs.map(\.encoded))
    }

    func pushRaw(_ jobs: [String]) async throws {
        guard !jobs.isEmpty else { return }
        _ = try await redis.send(["LPUSH", keys.jobs] + jobs)
    }

    /// The lengths of the queue, the retry set, and every processing list, read atomically (a job moving between
    /// them while they were read one by one could be missed everywhere).
    func queueState() async throws -> (queued: Int, retries: Int, processing: Int) {
        let script = RedisScript(
            """
            local processing = 0
            for _, key in ipairs(redis.call('KEYS', ARGV[1])) do processing = processing + redis.call('LLEN', key) end
            return {redis.call('LLEN', KEYS[1]), redis.call('ZCARD', KEYS[2]), processing}
            """)
        let reply = try await redis.evaluate(
            script, keys: [.init(keys.jobs), .init(keys.retries)], arguments: [.init(keys.processing(worker: "*"))])
        let counts = (reply.array ?? []).map { Int($0.int ?? 0) }
        return (counts[0], counts[1], counts[2])
    }

    func attempts() async throws -> [(webhookID: String, attempt: Int, status: Int?)] {
        let sql = "SELECT webhook_id, attempt, status FROM delivery_attempts ORDER BY id"
        let rows: PostgresRows
        do {
            rows = try await database.query(sql)
        } catch let error as PostgresError where error.code == .connectionLost {
            // The restart tests cut this connection too; the next statement reconnects.
            rows = try await database.query(sql)
        }
        return try rows.map { row in
            (
                try row.decode(String.self, "webhook_id"), try row.decode(Int.self, "attempt"),
                try row.decode(Int?.self, "status")
            )
        }
    }

    func deadLetters() async throws -> [DeadLetter] {
        try await DeadLetterStore(connection: database).list()
    }

    func stop() async {
        await catalog.stop()
        _ = try? await redis.send(["DEL", keys.jobs, keys.retries, keys.workers])
        await redis.close()
        _ = try? await database.query("DROP SCHEMA \(PostgresIdentifier.quote(schema)) CASCADE")
        await database.close()
    }
}

/// Runs `service` for the duration of `body`, then shuts it down gracefully and waits for `run()` to return.
@discardableResult
func running<T>(_ service: DeliveryService, _ body: () async throws -> T) async throws -> T {
    let task = Task { try await service.run() }
    let result: T
    do {
        result = try await body()
    } catch {
        service.shutdown()
        _ = try? await task.value
        throw error
    }
    service.shutdown()
    try await task.value
    return result
}
