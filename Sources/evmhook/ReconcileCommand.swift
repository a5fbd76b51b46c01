import ArgumentParser
import Foundation
import Hiredis
import Ingestor
import LibPQ
import Logging
import Pipeline
import Reconcile
import Threading

/// `evmhook reconcile`: proves "nothing lost" over a block range, or lists what was, and with `--fix` sends it.
struct ReconcileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Compare what the chain says each endpoint should have received with what was delivered.",
        discussion: """
            Exit status: 0 when nothing is missing (with --fix: when everything missing was enqueued or is \
            pending), 1 when something is, 2 on bad arguments or unreachable servers.
            """
    )

    @OptionGroup var block: BlockRangeOptions

    @Flag(help: "Enqueue what is missing (absent or dead-lettered) with its webhook id, and the missing removals.")
    var fix = false

    @Flag(help: "Print one JSON object at the end instead of one line per finding.")
    var json = false

    @OptionGroup var connections: DLQCommand.Connections

    func run() async throws {
        let settings = Settings(environment: ProcessInfo.processInfo.environment)
        if let expected = try IngestCommand.chainID(settings.chainID), expected != block.chain {
            throw InputError(description: "--chain \(block.chain) is not EVMHOOK_CHAIN_ID (\(expected))")
        }
        var configuration = Reconciler.Configuration(
            rpcURL: try block.nodeURL(settings), chainID: block.chain, range: block.range, endpoint: block.endpointID,
            keys: RedisKeys(prefix: settings.redisPrefix))
        configuration.fix = fix
        configuration.maxGetLogsRange = block.maxRange
        configuration.confirmations = try IngestCommand.confirmations(settings.confirmations)
        var logger = Logger(label: "evmhook.reconcile")
        logger.logLevel = .warning
        let redis = try await RedisCommandConnection.open(block.redisURL ?? settings.redisURL, logger: logger)
        let database: PostgresConnection
        do {
            database = try await connections.database(settings, logger: logger)
        } catch {
            await redis.close()
            throw error
        }
        let reconciler = Reconciler(configuration: configuration, redis: redis, database: database, logger: logger)
        let interactive = isatty(STDERR_FILENO) == 1
        let output = ReconcileOutput(json: json, clearingProgressLine: interactive)
        let display = ReplayProgressDisplay(interactive: interactive, label: "reconcile")
        let started = Guarded(false)

        let work = Task {
            try await reconciler.run(
                onChunk: { output.report($0) },
                onProgress: { progress in
                    started.withLock { $0 = true }
                    display.show(progress)
                })
        }
        let stopper = Task {
            _ = await ShutdownSignal.wait()
            work.cancel()
        }
        defer { stopper.cancel() }
        let summary: Reconciler.Summary
        do {
            summary = try await work.value
        } catch {
            await redis.close()
            await database.close()
            throw Self.mapped(error, afterFirstChunk: started.withLock { $0 })
        }
        await redis.close()
        await database.close()
        display.finish()
        output.finish(summary, configuration: configuration)
        let succeeded = summary.progress.isComplete && (fix ? summary.unresolved == 0 : summary.isClean)
        if !succeeded { throw ExitCode(1) }
    }

    /// Bad input and servers that cannot be used before any work is done are the user's to fix (exit 2).
    static func mapped(_ error: any Error, afterFirstChunk: Bool) -> any Error {
        switch error {
        case let error as ReconcileError:
            return InputError(description: error.description)
        case let error as NodeError where !afterFirstChunk:
            return InputError(description: "cannot use the node (check --rpc-url or EVMHOOK_RPC_URL): \(error)")
        case let error as PostgresError where error.sqlState == "42P01" || error.sqlState == "42703":
            return InputError(
                description: "the delivery tables are missing or old: run `evmhook migrate` first (\(error))")
        default:
            return error
        }
    }
}
