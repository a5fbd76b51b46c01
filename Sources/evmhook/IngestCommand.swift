import ArgumentParser
import Delivery
import Foundation
import Hiredis
import Ingestor
import Logging
import Observability
import Pipeline

/// `evmhook ingest`: follows one chain's node into the evmhook stream until SIGTERM/SIGINT (exit 0).
struct IngestCommand: AsyncParsableCommand, StandaloneService {
    static let loggerLabel = "evmhook.ingest"

    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Run the Ingestor for one chain: newHeads → eth_getLogs → dedup → XADD, through reorgs and restarts."
    )

    @OptionGroup var node: NodeOptions

    @Option(name: .customLong("redis-url"), help: "Redis URL (default: EVMHOOK_REDIS_URL).")
    var redisURL: String?

    @Option(help: "Blocks of the canonical chain kept for reorgs (at least 128).")
    var window: UInt64 = 256

    @Option(name: .customLong("max-range"), help: "Widest eth_getLogs block range while catching up.")
    var maxRange: UInt64 = 2000

    @Option(help: "Lease time of the hot standby; a standby takes over within twice this.")
    var lease = "10s"

    func run() async throws {
        try await runAlone()
    }

    func readinessChecks(settings: Settings, logger: Logger) -> [ReadinessCheck] {
        OperationalServing.checks(
            redisURL: redisURL ?? settings.redisURL, databaseURL: nil, rpcURL: node.rpcURL ?? settings.rpcURL,
            logger: logger)
    }

    /// Runs until `shutdown` says stop (`evmhook run` and `dev` host it beside the other services).
    func run(until shutdown: Shutdown) async throws {
        let settings = Settings(environment: ProcessInfo.processInfo.environment)
        guard let url = node.rpcURL ?? settings.rpcURL else {
            throw InputError(description: "EVMHOOK_RPC_URL (or --rpc-url) is required: the node's ws:// or http:// URL")
        }
        var configuration = Ingestor.Configuration(
            rpcURL: url, expectedChainID: try Self.chainID(node.chainID ?? settings.chainID),
            confirmations: try Self.confirmations(node.confirmations ?? settings.confirmations),
            keys: RedisKeys(prefix: settings.redisPrefix))
        guard let blockTime = DurationText.parse(node.blockTime), blockTime > .zero else {
            throw InputError(description: "--block-time must look like 12s or 500ms, got '\(node.blockTime)'")
        }
        guard let leaseTime = DurationText.parse(lease), leaseTime >= .milliseconds(100) else {
            throw InputError(description: "--lease must be a duration of at least 100ms, got '\(lease)'")
        }
        guard window >= Ingestor.Configuration.minimumWindow else {
            throw InputError(description: "--window must be at least \(Ingestor.Configuration.minimumWindow)")
        }
        configuration.startBlock = node.startBlock
        configuration.expectedBlockTime = blockTime
        configuration.windowSize = window
        configuration.maxGetLogsRange = max(1, maxRange)
        configuration.leaseDuration = leaseTime
        configuration.holder = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"

        let logger = Logger(label: Self.loggerLabel)
        let redis = try await RedisCommandConnection.open(redisURL ?? settings.redisURL, logger: logger)
        let ingestor = Ingestor(configuration: configuration, redis: redis, logger: logger)
        let service = Task { try await ingestor.run() }
        let stopper = Task {
            await shutdown.wait()
            service.cancel()
        }
        defer { stopper.cancel() }
        do {
            try await service.value
        } catch let error as IngestorError {
            await redis.close()
            throw InputError(description: error.description)
        }
        await redis.close()
    }

    static func chainID(_ text: String?) throws -> UInt64? {
        guard let text else { return nil }
        guard let value = UInt64(text), value > 0 else {
            throw InputError(description: "EVMHOOK_CHAIN_ID (or --chain-id) must be a positive integer, got '\(text)'")
        }
        return value
    }

    static func confirmations(_ text: String) throws -> UInt64 {
        guard let value = UInt64(text), value <= 10_000 else {
            throw InputError(description: "EVMHOOK_CONFIRMATIONS (or --confirmations) must be 0…10000, got '\(text)'")
        }
        return value
    }
}
