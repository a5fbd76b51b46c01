import ArgumentParser
import Foundation
import Hiredis
import Ingestor
import LibPQ
import Logging
import Pipeline
import Store
import Threading

/// `evmhook replay`: backfill the logs of a block range into the stream as `replay` entries, resumable.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Re-emit the logs of blocks --from…--to (to one endpoint or all that match); a rerun resumes."
    )

    @OptionGroup var block: BlockRangeOptions

    @Option(help: "Entries written per second at most, so live ingestion keeps its share.")
    var rate: Double = 5000

    /// PostgreSQL, read only to check `--endpoint`.
    @OptionGroup var connections: DLQCommand.Connections

    func validate() throws {
        guard rate > 0 else { throw ValidationError("--rate must be positive") }
    }

    func run() async throws {
        let settings = Settings(environment: ProcessInfo.processInfo.environment)
        var configuration = Replayer.Configuration(
            rpcURL: try block.nodeURL(settings), chainID: block.chain, range: block.range, endpoint: block.endpointID,
            keys: RedisKeys(prefix: settings.redisPrefix))
        configuration.maxGetLogsRange = block.maxRange
        configuration.maxLogsPerSecond = rate
        var logger = Logger(label: "evmhook.replay")
        logger.logLevel = .warning
        if let endpoint = block.endpointID { try await checkEndpoint(endpoint, settings: settings, logger: logger) }
        let redis = try await RedisCommandConnection.open(block.redisURL ?? settings.redisURL, logger: logger)
        let replayer = Replayer(configuration: configuration, redis: redis, logger: logger)
        let display = ReplayProgressDisplay(interactive: isatty(STDERR_FILENO) == 1)
        print("replay \(configuration.id): chain \(block.chain), blocks \(block.from)…\(block.to)")

        let started = Guarded(false)
        let work = Task {
            try await replayer.run { progress in
                started.withLock { $0 = true }
                display.show(progress)
            }
        }
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
        } catch let error as NodeError where !started.withLock({ $0 }) {
            // Nothing replayed yet: the node's URL is the setting to fix (exit 2), as for `reconcile`.
            await redis.close()
            throw InputError(description: "cannot use the node (check --rpc-url or EVMHOOK_RPC_URL): \(error)")
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
                "replay \(configuration.id) interrupted at block \(block.from + progress.blocksDone); "
                    + "run the same command again to resume")
        }
    }

    /// Entries for an endpoint that does not exist (or is on another chain) would reach no one: refused.
    private func checkEndpoint(_ id: UUID, settings: Settings, logger: Logger) async throws {
        let database = try await connections.database(settings, logger: logger)
        let found: Endpoint?
        do {
            found = try await EndpointStore(connection: database).find(id)
        } catch {
            await database.close()
            throw error
        }
        await database.close()
        let name = id.uuidString.lowercased()
        guard let found else { throw InputError(description: "--endpoint: no endpoint \(name)") }
        guard found.chainID == block.chain else {
            throw InputError(
                description: "--endpoint: \(name) is on chain \(found.chainID), not --chain \(block.chain)")
        }
    }
}
