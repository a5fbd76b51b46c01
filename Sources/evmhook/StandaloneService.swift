import Foundation
import Logging
import Observability

/// `ingest`, `process` and `deliver`: a service that runs alone in its own process, or beside the others in `run`
/// and `dev` (which call `run(until:)` themselves).
protocol StandaloneService {
    /// Its logger's label, `evmhook.<command>`.
    static var loggerLabel: String { get }

    /// The readiness checks of what it connects to (`OperationalServing.checks`).
    func readinessChecks(settings: Settings, logger: Logger) -> [ReadinessCheck]

    /// Runs until `shutdown` says stop.
    func run(until shutdown: Shutdown) async throws
}

extension StandaloneService {
    /// Runs until SIGTERM or SIGINT, serving `/metrics`, `/healthz` and `/readyz` on `EVMHOOK_METRICS_ADDR`
    /// meanwhile when it is set.
    func runAlone() async throws {
        let shutdown = Shutdown.signals
        let settings = Settings(environment: ProcessInfo.processInfo.environment)
        let logger = Logger(label: Self.loggerLabel)
        let checks = readinessChecks(settings: settings, logger: logger)
        try await OperationalServing.run(address: settings.metricsAddress, checks: checks, logger: logger) {
            try await run(until: shutdown)
        }
    }
}
