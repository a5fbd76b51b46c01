import Hummingbird
public import Logging
import NIOCore
import ServiceLifecycle

/// The small HTTP server `ingest`, `process` and `deliver` start on `EVMHOOK_METRICS_ADDR` when run alone: only
/// the operational routes. `stop()` ends it with the service.
public final class OperationalServer: Sendable {
    /// The port it listens on (the one asked for, or the one the system chose for port 0).
    public let port: Int
    private let services: ServiceGroup
    private let server: Task<Void, any Error>

    private init(port: Int, services: ServiceGroup, server: Task<Void, any Error>) {
        self.port = port
        self.services = services
        self.server = server
    }

    /// Listens on `address` (`host:port`, `[v6]:port`) and serves `routes`.
    ///
    /// - Throws: `OperationalServerError` when the address does not parse or cannot be bound.
    public static func start(address: String, routes: OperationalRoutes, logger: Logger) async throws
        -> OperationalServer
    {
        let (host, port) = try parse(address)
        let router = Router()
        routes.add(to: router)
        let (bound, boundContinuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "evmhook"),
            onServerRunning: { channel in
                boundContinuation.yield(channel.localAddress?.port ?? port)
                boundContinuation.finish()
            },
            logger: logger
        )
        let services = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let server = Task {
            defer { boundContinuation.finish() }
            try await services.run()
        }
        var iterator = bound.makeAsyncIterator()
        guard let boundPort = await iterator.next() else {
            let reason = await server.result
            throw OperationalServerError(
                description: "EVMHOOK_METRICS_ADDR: cannot listen on \(address): \(reason)")
        }
        logger.info("serving /metrics, /healthz and /readyz", metadata: ["address": "\(host):\(boundPort)"])
        return OperationalServer(port: boundPort, services: services, server: server)
    }

    /// Stops listening and returns once the server has ended.
    public func stop() async {
        await services.triggerGracefulShutdown()
        _ = try? await server.value
    }

    /// `host:port` → its parts; a bad value names the setting.
    static func parse(_ address: String) throws -> (host: String, port: Int) {
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]),
            (0...65_535).contains(port)
        else {
            throw OperationalServerError(
                description: "EVMHOOK_METRICS_ADDR must look like 127.0.0.1:9090, got '\(address)'")
        }
        var host = String(address[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else {
            throw OperationalServerError(
                description: "EVMHOOK_METRICS_ADDR needs a host (127.0.0.1 to keep it local), got '\(address)'")
        }
        return (host, port)
    }
}

/// The operational server could not start; `description` names the setting and the fix.
public struct OperationalServerError: Error, CustomStringConvertible {
    public let description: String
}
