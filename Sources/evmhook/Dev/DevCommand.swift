import ArgumentParser
import Delivery
import DevChain
import Foundation
import LibPQ
import LocalServers
import Logging
import SampleReceiver
import Store

/// `evmhook dev`: everything on one machine with one command, for a first look and for demos.
struct DevCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev",
        abstract: "Run evmhook locally: its own Redis and PostgreSQL, the dev chain, all services, a sample receiver.",
        discussion: """
            Without EVMHOOK_REDIS_URL / EVMHOOK_DATABASE_URL it starts redis-server and PostgreSQL in a temporary \
            directory on free loopback ports (removed on exit unless --keep). Without EVMHOOK_RPC_URL it runs the \
            built-in dev chain; with it, it follows that node (set EVMHOOK_CHAIN_ID too). A sample endpoint \
            delivers every log to a built-in receiver that verifies each signature and prints one line per event.
            """
    )

    @Flag(help: "Keep the temporary Redis and PostgreSQL data on exit (its directory is printed).")
    var keep = false

    @Option(name: .customLong("logs-per-block"), help: "Logs in each block of the dev chain.")
    var logsPerBlock = 3

    @Option(name: .customLong("block-time"), help: "Time between blocks of the dev chain, e.g. 1s, 500ms.")
    var blockTime = "1s"

    func validate() throws {
        guard (1...10_000).contains(logsPerBlock) else {
            throw ValidationError("--logs-per-block must be 1…10000, got \(logsPerBlock)")
        }
        guard let interval = DurationText.parse(blockTime), interval >= .milliseconds(50) else {
            throw ValidationError("--block-time must be a duration of at least 50ms, e.g. 1s, got '\(blockTime)'")
        }
    }

    func run() async throws {
        let settings = Settings(environment: ProcessInfo.processInfo.environment)
        let logger = Logger(label: "evmhook.dev")
        // Caught before anything starts. Caught only once the services started, a Ctrl-C during start-up killed dev
        // outright (its Redis left running, its directory left behind), and one sent to a dev started in the
        // background of a script (which starts with SIGINT ignored) was lost.
        let latch = ShutdownLatch()
        let signals = ShutdownSignal.install()
        let watcher = Task {
            var received = signals.makeAsyncIterator()
            guard await received.next() != nil else { return }
            // Said at once: the services may take their shutdown grace to finish requests in flight.
            FileHandle.standardOutput.write(Data("stopping…\n".utf8))
            latch.fire()
        }
        defer { watcher.cancel() }
        let environment = try await DevEnvironment.start(
            settings: settings, keep: keep, logger: logger)
        do {
            if !latch.fired { try await run(in: environment, until: latch, settings: settings, logger: logger) }
        } catch {
            await environment.stop()
            throw error
        }
        await environment.stop()
    }

    private func run(in environment: DevEnvironment, until latch: ShutdownLatch, settings: Settings, logger: Logger)
        async throws
    {
        let node = try await DevNode.start(
            settings: settings, blockTime: DurationText.parse(blockTime)!, logsPerBlock: logsPerBlock, logger: logger)
        let sample = try await SampleEndpoint.start(
            databaseURL: environment.databaseURL, chainID: node.chainID, logger: logger)
        let shared = ["--redis-url", environment.redisURL]
        let database = ["--database-url", environment.databaseURL]
        let services = try ServiceSet(
            ingest: ["--rpc-url", node.rpcURL, "--chain-id", String(node.chainID), "--block-time", blockTime] + shared,
            process: shared + database,
            // CONTRACT.md: EVMHOOK_ALLOW_PRIVATE_TARGETS is 1 in dev (its receivers are local), for the API too.
            // A short grace: Ctrl-C should end a demo at once, and what a slow receiver still holds is handed back
            // to the queue, not lost (the default 10 s suits a deployment's rolling restart).
            deliver: shared + database + ["--allow-private-targets", "--shutdown-grace", "2s"],
            api: shared + database + ["--allow-private-targets"]
        )
        FileHandle.standardOutput.write(
            Data(
                DevBanner(
                    environment: environment, node: node, sample: sample, keep: keep, apiAddress: settings.apiAddress
                ).text.utf8))
        let outcome = await Result(catching: { try await services.run(latch: latch) })
        await sample.stop()
        await node.stop()
        try outcome.get()
    }
}

extension Result where Failure == any Error {
    /// The outcome of an async throwing body, so cleanup can run before the error is rethrown.
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
