import ArgumentParser
import Delivery
import Foundation
import Hiredis
import LibPQ
import Logging
import Observability
import Pipeline
import Processor
import Store

/// `evmhook process`: runs a Processor until SIGTERM or SIGINT (then finishes its batch and exits 0).
struct ProcessCommand: AsyncParsableCommand, StandaloneService {
    static let loggerLabel = "evmhook.process"

    static let configuration = CommandConfiguration(
        commandName: "process",
        abstract: "Run a Processor: match stream entries against the endpoints and queue their webhooks."
    )

    @Option(help: "PostgreSQL URL (default: EVMHOOK_DATABASE_URL).")
    var databaseURL: String?

    @Option(help: "Redis URL (default: EVMHOOK_REDIS_URL).")
    var redisURL: String?

    @Option(name: .customLong("batch-size"), help: "Entries read and acknowledged together, 1–10000.")
    var batchSize = 500

    @Option(
        name: .customLong("claim-idle"),
        help: "How long another processor's entry stays pending before this one takes it over, e.g. 30s.")
    var claimIdle = "30s"

    func validate() throws {
        guard (1...10_000).contains(batchSize) else {
            throw ValidationError("--batch-size must be 1…10000, got \(batchSize)")
        }
        guard let idle = DurationText.parse(claimIdle), idle > .zero else {
            throw ValidationError("--claim-idle must look like 30s or 500ms, got '\(claimIdle)'")
        }
    }

    func run() async throws {
        try await runAlone()
    }

    func readinessChecks(settings: Settings, logger: Logger) -> [ReadinessCheck] {
        OperationalServing.checks(
            redisURL: redisURL ?? settings.redisURL, databaseURL: databaseURL ?? settings.databaseURL, rpcURL: nil,
            logger: logger)
    }

    /// Runs until `shutdown` says stop (`evmhook run` and `dev` host it beside the other services).
    func run(until shutdown: Shutdown) async throws {
        let settings = Settings(environment: ProcessInfo.processInfo.environment)
        let logger = Logger(label: Self.loggerLabel)
        let redisText = redisURL ?? settings.redisURL
        let url: RedisURL
        do {
            url = try RedisURL(redisText)
        } catch {
            throw InputError(description: "--redis-url (or EVMHOOK_REDIS_URL): \(error)")
        }
        var configuration = Processor.Configuration(keys: RedisKeys(prefix: settings.redisPrefix))
        configuration.batchSize = batchSize
        configuration.claimIdle = DurationText.parse(claimIdle)!
        let redis: RedisConnection
        let writer: RedisConnection
        redis = try await RedisCommandConnection.open(url, logger: logger)
        do {
            writer = try await RedisCommandConnection.open(url, logger: logger)
        } catch {
            await redis.close()
            throw error
        }
        let catalog: EndpointCatalog
        do {
            catalog = try await EndpointCatalog.start(databaseURL: databaseURL ?? settings.databaseURL, logger: logger)
        } catch let error as PostgresError where error.code == .invalidURL || error.code == .connectionFailed {
            await redis.close()
            await writer.close()
            throw InputError(
                description: "cannot reach PostgreSQL (check --database-url or EVMHOOK_DATABASE_URL): \(error.message)")
        } catch let error as PostgresError where error.sqlState == "42P01" {
            await redis.close()
            await writer.close()
            throw InputError(description: "the endpoints table is missing: run `evmhook migrate` first")
        }
        let processor = Processor(configuration: configuration, reader: redis, writer: writer, logger: logger)
        let consumer = configuration.consumer
        let sampler = Task { [keys = configuration.keys] in
            await DepthSampler(keys: keys, depths: DepthSampler.stream).run(redisURL: redisText, logger: logger)
        }
        defer { sampler.cancel() }
        let running = Task {
            await processor.run(changes: catalog.changes) {
                // The line scripts and tests wait for, unbuffered so a pipe sees it at once.
                FileHandle.standardOutput.write(Data("processor ready: \(consumer)\n".utf8))
            }
        }
        await shutdown.wait()
        logger.notice("stopping after the batch in hand")
        // Not cancelled: a cancelled blocking read could drop entries Redis already handed over (they would wait
        // for another processor to reclaim them). The read returns within its block time.
        processor.requestStop()
        await running.value
        await catalog.stop()
        await redis.close()
        await writer.close()
    }
}
