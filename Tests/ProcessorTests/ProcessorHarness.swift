import ChainKit
import Foundation
import Hiredis
import LibPQ
import Logging
import Pipeline
import Processor
import Store
import TestSupport
import Testing

/// One test's world: a migrated PostgreSQL schema, a Redis key prefix of its own, and Processors started on them.
final class ProcessorHarness: Sendable {
    let keys: RedisKeys
    /// The schema's URL (its `search_path` travels in libpq's `options`), for catalogs and `evmhook process`.
    let databaseURL: String
    let store: EndpointStore
    let redis: RedisConnection
    /// The Redis server: the shared test server unless the test brought its own.
    let redisURL: String
    let logger: Logger

    private init(
        keys: RedisKeys, databaseURL: String, store: EndpointStore, redis: RedisConnection, redisURL: String
    ) {
        self.keys = keys
        self.redisURL = redisURL
        self.databaseURL = databaseURL
        self.store = store
        self.redis = redis
        var logger = Logger(label: "test.processor")
        logger.logLevel = .notice
        self.logger = logger
    }

    /// Runs `body`, then drops the schema and the keys whether it throws or not.
    static func with(redisURL: String? = nil, _ body: (ProcessorHarness) async throws -> Void) async throws {
        let redisURL = try redisURL ?? TestEnvironment.redisURL()
        let name = TestEnvironment.uniqueName("processor")
        let base = try TestEnvironment.databaseURL()
        let url = base + (base.contains("?") ? "&" : "?") + "options=-csearch_path%3D" + name
        let connection = try await PostgresConnection.connect(url: url, logger: Logger(label: "test.processor"))
        try await connection.query("CREATE SCHEMA \(PostgresIdentifier.quote(name))")
        let redis = try await RedisConnection.connect(to: redisURL, logger: Logger(label: "test.processor"))
        let harness = ProcessorHarness(
            keys: RedisKeys(prefix: name), databaseURL: url, store: EndpointStore(connection: connection), redis: redis,
            redisURL: redisURL)
        var failure: (any Error)?
        do {
            let migrations = try Migration.load(
                from: TestEnvironment.repositoryRoot.appendingPathComponent("migrations"))
            _ = try await Migrator(migrations: migrations, logger: harness.logger).apply(on: connection)
            try await body(harness)
        } catch {
            failure = error
        }
        _ = try? await redis.send(["DEL", harness.keys.stream, harness.keys.jobs, harness.keys.deadEntries])
        await redis.close()
        _ = try? await connection.query("DROP SCHEMA \(PostgresIdentifier.quote(name)) CASCADE")
        await connection.close()
        if let failure { throw failure }
    }

    /// Starts a Processor (with its own catalog and Redis connection) and returns once it reads the stream.
    func startProcessor(_ configure: (inout Processor.Configuration) -> Void = { _ in }) async throws
        -> RunningProcessor
    {
        var configuration = Processor.Configuration(keys: keys)
        configuration.blockTime = .milliseconds(100)
        configure(&configuration)
        let reader = try await RedisConnection.connect(to: redisURL, logger: logger)
        let writer = try await RedisConnection.connect(to: redisURL, logger: logger)
        let catalog = try await EndpointCatalog.start(databaseURL: databaseURL, logger: logger)
        let processor = Processor(configuration: configuration, reader: reader, writer: writer, logger: logger)
        let (ready, readyContinuation) = AsyncStream.makeStream(of: Void.self)
        let task = Task {
            await processor.run(changes: catalog.changes) { readyContinuation.yield() }
            readyContinuation.finish()  // a Processor that ends before it is ready must not leave the test waiting
        }
        var isReady = false
        for await _ in ready {
            isReady = true
            break
        }
        guard isReady else { throw ProcessorEndedBeforeReady() }
        return RunningProcessor(processor: processor, catalog: catalog, connections: [reader, writer], task: task)
    }

    /// Adds an endpoint; the returned value is as stored.
    @discardableResult
    func addEndpoint(
        chainID: UInt64 = 1, filter: LogFilter = LogFilter(), events: [String] = [], enabled: Bool = true
    ) async throws -> Endpoint {
        try await store.insert(
            Endpoint(
                url: "https://hooks.example.invalid/", chainID: chainID, filter: filter,
                events: try events.map { try EndpointEvent(signature: $0) },
                secret: "whsec_" + String(repeating: "A", count: 44), enabled: enabled))
    }

    /// Appends entries to the stream (pipelined) and returns their ids.
    @discardableResult
    func append(_ entries: [StreamEntry]) async throws -> [String] {
        try await appendRaw(entries.map(\.fields))
    }

    /// Appends entries given as raw field lists (which may be malformed).
    @discardableResult
    func appendRaw(_ entries: [[String]]) async throws -> [String] {
        var ids: [String] = []
        for chunk in stride(from: 0, to: entries.count, by: 1_000) {
            let commands = entries[chunk..<min(chunk + 1_000, entries.count)].map { ["XADD", keys.stream, "*"] + $0 }
            ids += try await redis.pipeline(commands).map { try #require($0.string) }
        }
        return ids
    }

    /// Every job on the queue, oldest first.
    func jobs() async throws -> [DeliveryJob] {
        let reply = try await redis.send(["LRANGE", keys.jobs, "0", "-1"])
        return try (reply.array ?? []).reversed().map { try DeliveryJob(encoded: try #require($0.string)) }
    }

    func jobCount() async throws -> Int {
        Int(try await redis.send(["LLEN", keys.jobs]).int ?? 0)
    }

    /// Entries read by the group and not yet acknowledged.
    func pendingCount() async throws -> Int {
        let reply = try await redis.send(["XPENDING", keys.stream, keys.processorGroup])
        return Int(reply.array?.first?.int ?? 0)
    }

    /// Waits until `condition` holds, checking every 20 ms, failing after `timeout`.
    func waitUntil(
        _ what: String, timeout: Duration = .seconds(20), _ condition: () async throws -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while try await !condition() {
            guard ContinuousClock.now < deadline else { throw HarnessTimeout(description: "timed out: \(what)") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}

struct HarnessTimeout: Error, CustomStringConvertible {
    let description: String
}

/// `startProcessor`'s Processor returned from `run()` before it was ready.
struct ProcessorEndedBeforeReady: Error {}

/// A Processor running in this test process.
struct RunningProcessor: Sendable {
    let processor: Processor
    let catalog: EndpointCatalog
    let connections: [RedisConnection]
    let task: Task<Void, Never>

    func stop() async {
        processor.requestStop()
        await task.value
        await catalog.stop()
        for connection in connections { await connection.close() }
    }
}
