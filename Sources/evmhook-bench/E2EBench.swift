import ArgumentParser
import Delivery
import DevChain
import Foundation
import Hummingbird
import LibPQ
import Logging
import Store
import Threading

/// `evmhook-bench e2e`: the whole pipeline (`evmhook run`, release build) from the dev chain to a local receiver.
/// Latency: blocks mined at a steady 1,000 logs/s, from the moment a block is mined (which announces it) to each of
/// its logs' receipt. Throughput: a burst of blocks mined as fast as the chain builds them, logs/s received between
/// the 10th and 90th percentile of receipts (steady state).
struct E2EBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "e2e", abstract: "End-to-end logs/s and block→receipt latency through evmhook run.")

    @Option(help: "The release `evmhook` binary.") var evmhook: String
    @Option(help: "The Redis server.") var redisURL: String
    @Option(help: "The PostgreSQL database (a fresh schema is made in it and dropped after).") var databaseURL: String
    @Option(help: "The migrations directory.") var migrations: String
    @Option(name: .customLong("logs-per-block")) var logsPerBlock = 100
    @Option(help: "Blocks mined every 100 ms for the latency run.") var latencyBlocks = 150
    @Option(help: "Logs mined at once for the throughput run.") var throughputLogs = 60_000

    func run() async throws {
        var logger = Logger(label: "evmhook-bench.e2e")
        logger.logLevel = .error
        let clock = ContinuousClock()
        let receipts = Guarded<[(block: UInt64, at: ContinuousClock.Instant)]>([])
        let receiver = try await BenchReceiver.start(logger: logger) { block in
            let now = clock.now
            receipts.withLock { $0.append((block, now)) }
        }
        let bench = try await BenchSchema.create(
            prefix: "bench_e2e", databaseURL: databaseURL, migrations: migrations, logger: logger)
        let schema = bench.name
        let schemaURL = bench.url
        let database = bench.connection
        let chain = try await DevChain.start(
            DevChainConfiguration(port: 0, blockTime: nil, logsPerBlock: logsPerBlock), logger: logger)
        try await EndpointStore(connection: database).insert(
            Endpoint(
                url: receiver.url, chainID: chain.configuration.chainID,
                secret: try WebhookSecret.generate().encoded))

        let process = Process()
        process.executableURL = URL(fileURLWithPath: evmhook)
        process.arguments = ["run", "--block-time", "100ms", "--start-block", "0"]
        process.environment = ProcessInfo.processInfo.environment.merging([
            "EVMHOOK_RPC_URL": chain.webSocketURL, "EVMHOOK_REDIS_URL": redisURL, "EVMHOOK_REDIS_PREFIX": schema,
            "EVMHOOK_DATABASE_URL": schemaURL, "EVMHOOK_ALLOW_PRIVATE_TARGETS": "1",
        ]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }

        // Warm-up: the first block through every stage.
        await chain.mine(1)
        try await waitFor(logsPerBlock, receipts: receipts, within: .seconds(60))

        // Latency at 1,000 logs/s (logs per block × 10 blocks/s).
        var minedAt: [UInt64: ContinuousClock.Instant] = [:]
        var tick = clock.now
        for _ in 0..<latencyBlocks {
            let mined = clock.now
            minedAt[await chain.mine(1)] = mined
            tick = tick.advanced(by: .milliseconds(100))
            try await Task.sleep(until: tick, clock: clock)
        }
        try await waitFor(logsPerBlock * (1 + latencyBlocks), receipts: receipts, within: .seconds(120))
        let latencies = receipts.withLock { all in
            all.compactMap { receipt in minedAt[receipt.block].map { receipt.at - $0 } }
        }.sorted()
        let offered = logsPerBlock * 10

        // Throughput: a backlog mined as fast as the chain can build it.
        let before = receipts.withLock { $0.count }
        let blocks = max(1, throughputLogs / logsPerBlock)
        for _ in 0..<(blocks / 10) { await chain.mine(10) }
        let total = logsPerBlock * (blocks / 10) * 10
        try await waitFor(before + total, receipts: receipts, within: .seconds(600))
        let burst = receipts.withLock { Array($0[before...].map(\.at)) }.sorted()
        let tenth = burst[total / 10]
        let ninetieth = burst[total * 9 / 10]
        let steady = Double(total * 8 / 10) / (ninetieth - tenth).inSeconds

        await chain.stop()
        await receiver.stop()
        try await bench.drop()

        let p50 = latencies[latencies.count / 2].inSeconds * 1_000
        let p99 = latencies[latencies.count * 99 / 100].inSeconds * 1_000
        print("latency at \(offered) logs/s over \(latencies.count) logs: p50 \(format(p50)) ms, p99 \(format(p99)) ms")
        print("throughput: \(total) logs, steady state \(Int(steady)) logs/s")
        print(
            "{\"e2e_logs_s\":\(Int(steady)),\"latency_offered_logs_s\":\(offered),"
                + "\"latency_p50_ms\":\(format(p50)),\"latency_p99_ms\":\(format(p99))}")
    }

    private func waitFor(
        _ count: Int, receipts: Guarded<[(block: UInt64, at: ContinuousClock.Instant)]>, within limit: Duration
    ) async throws {
        let deadline = ContinuousClock.now + limit
        while receipts.withLock({ $0.count }) < count {
            guard ContinuousClock.now < deadline else {
                throw ValidationError("only \(receipts.withLock { $0.count }) of \(count) logs arrived in \(limit)")
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    private func format(_ value: Double) -> String { String(format: "%.2f", value) }
}

/// A receiver that answers 204 at once and reports each delivery's block number (no signature check: the
/// end-to-end test does that; here it would measure Python, not evmhook).
private struct BenchReceiver {
    let url: String
    let stop: @Sendable () async -> Void

    static func start(logger: Logger, onReceipt: @escaping @Sendable (UInt64) -> Void) async throws -> BenchReceiver {
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            if let block = blockNumber(in: Array(buffer: body)) { onReceipt(block) }
            return Response(status: .noContent)
        }
        let (bound, boundContinuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0), backlog: 4_096),
            onServerRunning: { channel in
                boundContinuation.yield(channel.localAddress?.port ?? 0)
                boundContinuation.finish()
            },
            logger: logger)
        let server = Task { try await app.runService() }
        var ports = bound.makeAsyncIterator()
        guard let port = await ports.next() else { throw ValidationError("the bench receiver did not start") }
        return BenchReceiver(url: "http://127.0.0.1:\(port)/hook") {
            server.cancel()
            _ = try? await server.value
        }
    }

    /// The `"blockNumber":N` of a webhook body, found without a JSON parse.
    static func blockNumber(in body: [UInt8]) -> UInt64? {
        let key = Array(#""blockNumber":"#.utf8)
        guard let start = body.firstRange(of: key)?.upperBound else { return nil }
        var value: UInt64 = 0
        var index = start
        while index < body.count, (48...57).contains(body[index]) {
            value = value * 10 + UInt64(body[index] - 48)
            index += 1
        }
        return index > start ? value : nil
    }
}
