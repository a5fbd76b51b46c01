import ArgumentParser
import Foundation
import Hiredis
import Ingestor
import Logging
import Pipeline

/// `evmhook replay`: backfill the logs of a block range into the stream as `replay` entries, resumable.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Re-emit the logs of blocks --from…--to (to one endpoint or all that match); a rerun resumes."
    )

    @Option(help: "The chain id; the node (EVMHOOK_RPC_URL) must report it.")
    var chain: UInt64

    @Option(help: "First block.")
    var from: UInt64

    @Option(help: "Last block (inclusive).")
    var to: UInt64

    @Option(help: "Deliver only to this endpoint (UUID), if its filter matches.")
    var endpoint: String?

    @Option(name: .customLong("rpc-url"), help: "Node URL (default: EVMHOOK_RPC_URL).")
    var rpcURL: String?

    @Option(name: .customLong("redis-url"), help: "Redis URL (default: EVMHOOK_REDIS_URL).")
    var redisURL: String?

    @Option(name: .customLong("max-range"), help: "Widest eth_getLogs block range.")
    var maxRange: UInt64 = 500

    @Option(help: "Entries written per second at most, so live ingestion keeps its share.")
    var rate: Double = 5000

    func validate() throws {
        guard from <= to else { throw ValidationError("--from must not be after --to") }
        guard rate > 0 else { throw ValidationError("--rate must be positive") }
        if let endpoint, UUID(uuidString: endpoint) == nil {
            throw ValidationError("--endpoint must be an endpoint id (a UUID), got '\(endpoint)'")
        }
    }

    func run() async throws {
        let settings = Settings(environment: ProcessInfo.processInfo.environment)
        guard let url = rpcURL ?? settings.rpcURL else {
            throw InputError(description: "EVMHOOK_RPC_URL (or --rpc-url) is required: the node's ws:// or http:// URL")
        }
        var configuration = Replayer.Configuration(
            rpcURL: url, chainID: chain, range: from...to, endpoint: endpoint.flatMap(UUID.init(uuidString:)),
            keys: RedisKeys(prefix: settings.redisPrefix))
        configuration.maxGetLogsRange = max(1, maxRange)
        configuration.maxLogsPerSecond = rate
        var logger = Logger(label: "evmhook.replay")
        logger.logLevel = .warning
        let redis = try await RedisCommandConnection.open(redisURL ?? settings.redisURL, logger: logger)
        let replayer = Replayer(configuration: configuration, redis: redis, logger: logger)
        let display = ReplayProgressDisplay(interactive: isatty(STDERR_FILENO) == 1)
        print("replay \(configuration.id): chain \(chain), blocks \(from)…\(to)")

        let work = Task { try await replayer.run { display.show($0) } }
        let stopper = Task {
            _ = await ShutdownSignal.wait()
            work.cancel()
        }
        defer { stopper.cancel() }
        let progress: Replayer.Progress
        do {
            progress = try await work.value
        } catch let error as IngestorError {
            await redis.close()
            throw InputError(description: error.description)
        } catch {
            await redis.close()
            throw error
        }
        await redis.close()
        display.finish()
        if progress.isComplete {
            print("replay \(configuration.id) complete: \(progress.blocksTotal) blocks, \(progress.logs) logs this run")
        } else {
            print(
                "replay \(configuration.id) interrupted at block \(from + progress.blocksDone); "
                    + "run the same command again to resume")
        }
    }
}
