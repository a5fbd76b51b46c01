import ChainKit
import DevChain
import Foundation
import Hiredis
import Ingestor
import Logging
import Pipeline
import TestSupport
import Testing
import Threading

/// A dev chain, a Redis prefix of its own and Ingestors to run against them; what each test starts from.
struct IngestHarness {
    let chain: DevChain
    let redis: RedisConnection
    let keys: RedisKeys
    let chainID: UInt64
    let logger: Logger
    private let launched: LaunchedTasks

    /// Runs `body` with a harness of its own, then stops the harness whether `body` returned or threw: an Ingestor
    /// left running by a failed test would poll its chain, and log about it, for the rest of the run.
    static func run(
        logsPerBlock: Int = 3, chainID: UInt64 = 31_337, name: String = "ingest",
        _ body: (IngestHarness) async throws -> Void
    ) async throws {
        let harness = try await start(logsPerBlock: logsPerBlock, chainID: chainID, name: name)
        do {
            try await body(harness)
        } catch {
            await harness.stop()
            throw error
        }
        await harness.stop()
    }

    private static func start(logsPerBlock: Int, chainID: UInt64, name: String) async throws -> IngestHarness {
        var logger = Logger(label: "test.ingest")
        logger.logLevel = .warning
        let chain = try await DevChain.start(
            DevChainConfiguration(port: 0, chainID: chainID, blockTime: nil, logsPerBlock: logsPerBlock, seed: 7),
            logger: logger)
        let redis = try await RedisConnection.connect(to: try TestEnvironment.redisURL(), logger: logger)
        return IngestHarness(
            chain: chain, redis: redis, keys: RedisKeys(prefix: TestEnvironment.uniqueName(name)), chainID: chainID,
            logger: logger, launched: LaunchedTasks())
    }

    /// Cancels the Ingestors still running (as SIGTERM would), then stops the chain.
    private func stop() async {
        launched.cancelAll()
        await chain.stop()
        await redis.close()
    }

    /// A configuration for this chain: from block 1, quick to notice silence and to reconnect.
    func configuration(confirmations: UInt64 = 0, url: String? = nil) -> Ingestor.Configuration {
        var configuration = Ingestor.Configuration(
            rpcURL: url ?? chain.webSocketURL, expectedChainID: chainID, confirmations: confirmations, keys: keys)
        configuration.startBlock = 1
        configuration.windowSize = 128
        configuration.expectedBlockTime = .milliseconds(200)
        configuration.initialReconnectDelay = .milliseconds(20)
        configuration.maximumReconnectDelay = .milliseconds(200)
        configuration.callTimeout = .seconds(2)
        configuration.leaseDuration = .seconds(1)
        configuration.pollInterval = .milliseconds(100)
        configuration.maxGetLogsRange = 200
        return configuration
    }

    /// Runs an Ingestor in a task of its own (its own Redis connection, as a separate process would have).
    func launch(_ configuration: Ingestor.Configuration) async throws -> Task<Void, any Error> {
        let connection = try await RedisConnection.connect(to: try TestEnvironment.redisURL(), logger: logger)
        let ingestor = Ingestor(configuration: configuration, redis: connection, logger: logger)
        let task = Task {
            defer { Task { await connection.close() } }
            try await ingestor.run()
        }
        launched.append(task)
        return task
    }

    /// The cursor's block number, nil before the first emit.
    func cursor() async throws -> UInt64? {
        try await redis.send(["HGET", keys.cursor(chain: chainID), "number"]).int.map(UInt64.init)
    }

    /// Waits until the cursor is at `number` (failing after `timeout`).
    func waitForCursor(_ number: UInt64, timeout: Duration = .seconds(60)) async throws {
        try await waitUntil("cursor at \(number)", within: timeout) { try await cursor() == number }
    }

    /// The canonical window as stored: block number → hash.
    func canonicalWindow() async throws -> [UInt64: Hash32] {
        let flat = try await redis.send(["HGETALL", keys.canonical(chain: chainID)]).array ?? []
        var window: [UInt64: Hash32] = [:]
        for index in stride(from: 0, to: flat.count - 1, by: 2) {
            guard let number = flat[index].string.flatMap(UInt64.init), let hash = flat[index + 1].string else {
                continue
            }
            window[number] = try Hash32(hex: hash)
        }
        return window
    }

    /// The names of this chain's dedup sets still in Redis.
    func seenKeys() async throws -> [String] {
        var names: [String] = []
        var cursor = "0"
        repeat {
            let reply = try await redis.send([
                "SCAN", cursor, "MATCH", keys.seen(chain: chainID, blockHash: "*"), "COUNT", "1000",
            ])
            guard let parts = reply.array, parts.count == 2 else { break }
            cursor = parts[0].string ?? "0"
            names += (parts[1].array ?? []).compactMap(\.string)
        } while cursor != "0"
        return names
    }

    /// Every entry of the stream, oldest first.
    func entries() async throws -> [StreamEntry] {
        var entries: [StreamEntry] = []
        var start = "-"
        while true {
            let reply = try await redis.send(["XRANGE", keys.stream, start, "+", "COUNT", "5000"])
            let items = reply.array ?? []
            for item in items {
                guard let parts = item.array, parts.count == 2, let flat = parts[1].array else { continue }
                var pairs: [(String, String)] = []
                for index in stride(from: 0, to: flat.count - 1, by: 2) {
                    pairs.append((flat[index].string ?? "", flat[index + 1].string ?? ""))
                }
                entries.append(try StreamEntry(fields: pairs))
            }
            guard items.count == 5000, let last = items.last?.array?.first?.string else { break }
            start = "(" + last
        }
        return entries
    }

    /// The logs the stream says are live: every `log` entry not taken back by a `removed` one, in stream order.
    /// Fails the test if an entry repeats or a removal names a log never emitted.
    func liveLogs() async throws -> [Log] {
        var live: [LogKey: Log] = [:]
        var order: [LogKey] = []
        for entry in try await entries() {
            let key = LogKey(entry.log)
            switch entry.kind {
            case .log:
                #expect(live[key] == nil, "repeated entry \(key)")
                live[key] = entry.log
                order.append(key)
            case .removed:
                #expect(live[key] != nil, "removed entry for a log not live: \(key)")
                live[key] = nil
            case .replay:
                continue
            }
        }
        return order.compactMap { live[$0] }
    }
}

/// A log's identity in the stream.
struct LogKey: Hashable, CustomStringConvertible {
    let blockHash: Hash32
    let logIndex: UInt64
    init(_ log: Log) {
        blockHash = log.blockHash
        logIndex = log.logIndex
    }
    var description: String { "\(blockHash)#\(logIndex)" }
}

/// The Ingestors a harness launched.
private final class LaunchedTasks: Sendable {
    private let tasks = Guarded<[Task<Void, any Error>]>([])

    func append(_ task: Task<Void, any Error>) {
        tasks.withLock { $0.append(task) }
    }

    func cancelAll() {
        for task in tasks.withLock({ $0 }) { task.cancel() }
    }
}

/// Stops an Ingestor as SIGTERM would and expects a clean end, within a time a stop may take.
func stopGracefully(_ task: Task<Void, any Error>) async throws {
    task.cancel()
    try await task.value(within: .seconds(30), waitingFor: "the Ingestor to stop once cancelled")
}
