import ArgumentParser
import ChainKit
import DevChain
import Foundation
import Hiredis
import Ingestor
import LibPQ
import Logging
import Pipeline
import Processor
import Reconcile
import Store

/// `evmhook-bench reconcile`: `evmhook reconcile`'s rate over a dev-chain range whose deliveries are all recorded
/// (but a few), three endpoints matching every log, a tenth of them and a few tokens' logs, next to a plain
/// `eth_getLogs` reader of the same range through the same client in the same run: what the comparison with
/// PostgreSQL costs on top of reading the chain.
struct ReconcileBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "reconcile logs/s over a recorded range vs a plain eth_getLogs reader."
    )

    @Option(help: "The Redis server.")
    var redisURL: String
    @Option(help: "The PostgreSQL database (a schema is created in it and dropped afterwards).")
    var databaseURL: String
    @Option(help: "The migrations directory.")
    var migrations = "migrations"
    @Option var blocks: UInt64 = 2000
    @Option(name: .customLong("logs-per-block")) var logsPerBlock = 50
    @Option(name: .customLong("max-range")) var maxRange: UInt64 = 500
    @Option(help: "Deliveries whose records are left out (reported missing).")
    var lost = 100

    func run() async throws {
        var logger = Logger(label: "evmhook.bench.reconcile")
        logger.logLevel = .error
        let chain = try await DevChain.start(
            DevChainConfiguration(port: 0, blockTime: nil, logsPerBlock: logsPerBlock), logger: logger)
        await chain.mine(Int(blocks))
        let chainID = chain.configuration.chainID
        let schema = try await BenchSchema.create(
            prefix: "bench_reconcile", databaseURL: databaseURL, migrations: migrations, logger: logger)
        let redis = try await RedisConnection.connect(to: redisURL, logger: logger)
        let clock = ContinuousClock()

        // Three endpoints; every (endpoint, log) they match delivered, but `lost` of them.
        let logs = await chain.logs(in: 1...blocks)
        let transfer = try ABIEvent(signature: "Transfer(address indexed from, address indexed to, uint256 value)")
        let store = EndpointStore(connection: schema.connection)
        var index = SubscriptionIndex()
        for filter in [
            LogFilter(), LogFilter(topics: [[transfer.topic0]]),
            LogFilter(addresses: Array(Set(logs.map(\.address)).prefix(2))),
        ] {
            let endpoint = try await store.insert(
                Endpoint(
                    url: "http://127.0.0.1:9/", chainID: chainID, filter: filter,
                    secret: "whsec_" + String(repeating: "A", count: 32)))
            index.upsert(endpoint)
        }
        let builder = JobBuilder(index: index, enqueuedAt: 0)
        var rows: [[PostgresValue]] = []
        let buildStart = clock.now
        for log in logs {
            for job in builder.jobs(for: StreamEntry(kind: .log, chainID: chainID, log: log)) {
                rows.append([
                    .uuid(job.endpointID), .text(job.webhookID), .int(1), .int(204), .bigint(1_000),
                    .text(job.type.rawValue), .bigint(Int64(chainID)), .bigint(Int64(log.blockNumber)),
                    .text(log.blockHash.description), .bigint(Int64(log.logIndex)),
                ])
            }
        }
        let due = rows.count
        let buildSeconds = (clock.now - buildStart).inSeconds
        print("the Processor's JobBuilder alone over the range (with the seed rows): \(format(buildSeconds)) s")
        rows.shuffle()
        rows.removeLast(min(lost, rows.count))
        try await schema.connection.copyRows(
            into: "delivery_attempts",
            columns: [
                "endpoint_id", "webhook_id", "attempt", "status", "duration_us", "event_type", "chain_id",
                "block_number", "block_hash", "log_index",
            ], rows: rows)
        try await schema.connection.query("ANALYZE delivery_attempts")
        print(
            "reconcile: \(blocks) blocks × \(logsPerBlock) logs, 3 endpoints, \(due) deliveries due, \(lost) records left out"
        )

        // Baseline: the same ranges through the same client and decoder, nothing else.
        let connection = try await NodeConnector.open(chain.webSocketURL, timeout: .seconds(10), logger: logger)
        let node = NodeClient(connection: connection, logger: logger)
        var read = 0
        let plainStart = clock.now
        var from: UInt64 = 1
        while from <= blocks {
            let to = min(blocks, from + maxRange - 1)
            read += try await node.logs(in: from...to).count
            from = to + 1
        }
        let plainSeconds = (clock.now - plainStart).inSeconds
        await connection.close()
        let plainRate = Double(read) / plainSeconds
        print("plain eth_getLogs reader: \(read) logs in \(format(plainSeconds)) s = \(Int(plainRate)) logs/s")

        var configuration = Reconciler.Configuration(
            rpcURL: chain.webSocketURL, chainID: chainID, range: 1...blocks, endpoint: nil,
            keys: RedisKeys(prefix: "bench-reconcile-\(UUID().uuidString.prefix(8))"))
        configuration.maxGetLogsRange = maxRange
        let reconciler = Reconciler(
            configuration: configuration, redis: redis, database: schema.connection, logger: logger)
        let start = clock.now
        let summary = try await reconciler.run(onChunk: { _ in }, onProgress: { _ in })
        let seconds = (clock.now - start).inSeconds
        let missing = summary.missing.values.reduce(0, +)
        let rate = Double(summary.progress.logs) / seconds
        print(
            "reconcile: \(summary.progress.logs) logs, \(summary.due) deliveries due, \(missing) missing in "
                + "\(format(seconds)) s = \(Int(rate)) logs/s (\(Int(Double(summary.due) / seconds)) deliveries/s)")
        guard missing == lost, summary.due == due else {
            throw ValidationError(
                "reconcile found \(missing) missing of \(summary.due) due; expected \(lost) of \(due)")
        }

        await redis.close()
        try await schema.drop()
        await chain.stop()
        print(
            #"{"reconcile_logs_s":\#(Int(rate)),"reconcile_deliveries_s":\#(Int(Double(summary.due) / seconds)),"#
                + #""plain_getlogs_logs_s":\#(Int(plainRate)),"due":\#(due)}"#)
    }

    private func format(_ value: Double) -> String { String(format: "%.2f", value) }
}
