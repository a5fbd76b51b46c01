import ArgumentParser
import ChainKit
import DevChain
import Foundation
import Hiredis
import Ingestor
import Logging
import Pipeline

/// `evmhook-bench ingest`: the Ingestor's catch-up rate (logs/s from the dev chain into the stream) next to a plain
/// `eth_getLogs` reader over the same WebSocket client in the same run, and the live latency from mining a block
/// (which sends `newHeads`) to its entries being readable in Redis.
struct IngestBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Ingestor catch-up logs/s vs a plain eth_getLogs reader; newHeads→XADD latency."
    )

    @Option(help: "The Redis server.")
    var url: String
    @Option var blocks: UInt64 = 2000
    @Option(name: .customLong("logs-per-block")) var logsPerBlock = 50
    @Option(name: .customLong("max-range")) var maxRange: UInt64 = 200
    @Option(name: .customLong("latency-blocks")) var latencyBlocks = 300

    func run() async throws {
        var logger = Logger(label: "evmhook.bench.ingest")
        logger.logLevel = .error
        let chain = try await DevChain.start(
            DevChainConfiguration(port: 0, blockTime: nil, logsPerBlock: logsPerBlock), logger: logger)
        await chain.mine(Int(blocks))
        let totalLogs = Double(blocks) * Double(logsPerBlock)
        let clock = ContinuousClock()

        // Baseline: the same ranges through the same client and decoder, nothing else.
        let connection = try await WebSocketNodeConnection.open(
            url: chain.webSocketURL, connectTimeout: .seconds(5), logger: logger)
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

        // The Ingestor from block 1 to the head: headers, ranged logs, the emit script.
        let redis = try await RedisConnection.connect(to: url, logger: logger)
        let keys = RedisKeys(prefix: "bench-ingest-\(UUID().uuidString.prefix(8))")
        var configuration = Ingestor.Configuration(
            rpcURL: chain.webSocketURL, expectedChainID: chain.configuration.chainID, keys: keys)
        configuration.startBlock = 1
        configuration.maxGetLogsRange = maxRange
        configuration.expectedBlockTime = .seconds(1)
        let ingestor = Ingestor(configuration: configuration, redis: redis, logger: logger)
        let cursorKey = keys.cursor(chain: chain.configuration.chainID)
        let probe = try await RedisConnection.connect(to: url, logger: logger)
        let catchUpStart = clock.now
        let service = Task { try await ingestor.run() }
        while try await probe.send(["HGET", cursorKey, "number"]).int != Int64(blocks) {
            try await Task.sleep(for: .milliseconds(2))
        }
        let catchUpSeconds = (clock.now - catchUpStart).inSeconds
        let catchUpRate = totalLogs / catchUpSeconds
        print("Ingestor catch-up: \(Int(totalLogs)) logs in \(format(catchUpSeconds)) s = \(Int(catchUpRate)) logs/s")

        // Live: mine one block, wait for its entries with XREAD BLOCK from the last id seen.
        var latencies: [Double] = []
        for _ in 0..<latencyBlocks {
            let last = try await probe.send(["XREVRANGE", keys.stream, "+", "-", "COUNT", "1"])
            let lastID = last.array?.first?.array?.first?.string ?? "0"
            let start = clock.now
            await chain.mine(1)
            _ = try await probe.send(["XREAD", "COUNT", "1", "BLOCK", "5000", "STREAMS", keys.stream, lastID])
            latencies.append((clock.now - start).inSeconds * 1000)
        }
        service.cancel()
        try await service.value
        _ = try await probe.send(["DEL", keys.stream])
        let stateKeys = try await probe.send(["KEYS", "\(keys.prefix):*"]).array?.compactMap(\.string) ?? []
        if !stateKeys.isEmpty { _ = try await probe.send(["DEL"] + stateKeys) }
        await probe.close()
        await redis.close()
        await chain.stop()

        latencies.sort()
        let p50 = latencies[latencies.count / 2]
        let p99 = latencies[min(latencies.count - 1, latencies.count * 99 / 100)]
        print(
            "newHeads→XADD latency over \(latencyBlocks) blocks of \(logsPerBlock) logs: p50 \(format(p50)) ms, p99 \(format(p99)) ms"
        )
        print(
            #"{"catchup_logs_s":\#(Int(catchUpRate)),"plain_getlogs_logs_s":\#(Int(plainRate)),"#
                + #""latency_p50_ms":\#(format(p50)),"latency_p99_ms":\#(format(p99))}"#)
    }

    private func format(_ value: Double) -> String { String(format: "%.2f", value) }
}
