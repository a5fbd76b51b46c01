import Ingestor
import Logging
import Observability

/// `EVMHOOK_METRICS_ADDR` for `ingest`, `process` and `deliver` run alone: the operational server lives exactly as
/// long as the service. (`run`, `dev` and `api` serve the same routes on the admin API's address instead.)
enum OperationalServing {
    /// The readiness checks of a process that uses these servers: `redis`, then `postgres` and `node` when given
    /// (`ingest` has no database, `process` and `deliver` no node; `run` and `dev` have all three).
    static func checks(redisURL: String, databaseURL: String?, rpcURL: String?, logger: Logger) -> [ReadinessCheck] {
        var checks = [ReadinessCheck.redis(url: redisURL, logger: logger)]
        if let databaseURL { checks.append(.postgres(url: databaseURL, logger: logger)) }
        if let rpcURL {
            // Each probe opens and closes a connection of its own: its "node connection ended" is no news.
            var probeLogger = logger
            probeLogger.logLevel = max(logger.logLevel, .warning)
            checks.append(
                ReadinessCheck(name: "node") { [probeLogger] in
                    _ = try await NodeProbe.chainID(rpcURL: rpcURL, timeout: .seconds(2), logger: probeLogger)
                })
        }
        return checks
    }

    /// Runs `service`, with `/metrics`, `/healthz` and `/readyz` on `address` meanwhile when it is set.
    static func run(
        address: String?, checks: [ReadinessCheck], logger: Logger, _ service: () async throws -> Void
    ) async throws {
        guard let address else { return try await service() }
        let server: OperationalServer
        do {
            server = try await OperationalServer.start(
                address: address, routes: OperationalRoutes(checks: checks), logger: logger)
        } catch let error as OperationalServerError {
            throw InputError(description: error.description)
        }
        do {
            try await service()
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}
