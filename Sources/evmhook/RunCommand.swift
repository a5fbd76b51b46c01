import ArgumentParser
import Foundation

/// `evmhook run`: Ingestor + Processor + Delivery in one process, against the configured Redis, PostgreSQL and node.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the Ingestor, a Processor and Delivery workers in one process, with one graceful shutdown.",
        discussion: "Configured like `ingest`, `process` and `deliver` (EVMHOOK_* variables); SIGTERM stops all three."
    )

    @Option(name: .customLong("rpc-url"), help: "Node URL, ws(s):// or http(s):// (default: EVMHOOK_RPC_URL).")
    var rpcURL: String?

    @Option(name: .customLong("chain-id"), help: "Expected chain id (default: EVMHOOK_CHAIN_ID, else the node's).")
    var chainID: String?

    @Option(help: "Blocks to wait before emitting (default: EVMHOOK_CONFIRMATIONS, else 0).")
    var confirmations: String?

    @Option(name: .customLong("block-time"), help: "The chain's block time; 3× it without a head triggers polling.")
    var blockTime = "12s"

    @Option(
        name: .customLong("start-block"),
        help: "Where a chain without a cursor starts (default: the node's head; `evmhook replay` backfills).")
    var startBlock: UInt64?

    @Option(name: .customLong("redis-url"), help: "Redis URL (default: EVMHOOK_REDIS_URL).")
    var redisURL: String?

    @Option(name: .customLong("database-url"), help: "PostgreSQL URL (default: EVMHOOK_DATABASE_URL).")
    var databaseURL: String?

    func run() async throws {
        var ingest = ["--block-time", blockTime]
        if let rpcURL { ingest += ["--rpc-url", rpcURL] }
        if let chainID { ingest += ["--chain-id", chainID] }
        if let confirmations { ingest += ["--confirmations", confirmations] }
        if let startBlock { ingest += ["--start-block", String(startBlock)] }
        var shared: [String] = []
        if let redisURL { shared += ["--redis-url", redisURL] }
        let database = databaseURL.map { ["--database-url", $0] } ?? []
        let services = try ServiceSet(ingest: ingest + shared, process: shared + database, deliver: shared + database)
        let latch = ShutdownLatch()
        let signals = Task {
            _ = await ShutdownSignal.wait()
            latch.fire()
        }
        defer { signals.cancel() }
        try await services.run(latch: latch)
    }
}
