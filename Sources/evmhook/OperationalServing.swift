import Logging
import Observability

/// `EVMHOOK_METRICS_ADDR` for `ingest`, `process` and `deliver` run alone: the operational server lives exactly as
/// long as the service. (`run`, `dev` and `api` serve the same routes on the admin API's address instead.)
enum OperationalServing {
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
