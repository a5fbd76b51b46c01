import ArgumentParser
import Foundation

/// `evmhook run`: Ingestor + Processor + Delivery in one process, against the configured Redis, PostgreSQL and node.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract:
            "Run the Ingestor, a Processor, Delivery workers and the admin API in one process, with one graceful "
            + "shutdown.",
        discussion: "Configured like `ingest`, `process`, `deliver` and `api` (EVMHOOK_* variables); SIGTERM stops all."
    )

    @OptionGroup var node: NodeOptions

    @Option(name: .customLong("redis-url"), help: "Redis URL (default: EVMHOOK_REDIS_URL).")
    var redisURL: String?

    @Option(name: .customLong("database-url"), help: "PostgreSQL URL (default: EVMHOOK_DATABASE_URL).")
    var databaseURL: String?

    func run() async throws {
        var shared: [String] = []
        if let redisURL { shared += ["--redis-url", redisURL] }
        let database = databaseURL.map { ["--database-url", $0] } ?? []
        let services = try ServiceSet(
            ingest: node.arguments + shared, process: shared + database, deliver: shared + database,
            api: shared + database)
        let latch = ShutdownLatch()
        let signals = Task {
            _ = await ShutdownSignal.wait()
            latch.fire()
        }
        defer { signals.cancel() }
        try await services.run(latch: latch)
    }
}
