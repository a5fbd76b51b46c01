import AdminAPI
import ArgumentParser
import Foundation
import Hummingbird
import LibPQ
import Logging
import Observability
import Threading

/// `evmhook api`: the admin REST API alone (`run` and `dev` serve it too): `/v1/…` behind API keys and
/// `/openapi.yaml`, on EVMHOOK_API_ADDR.
struct ApiCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api",
        abstract: "Serve the admin REST API (OpenAPI document at /openapi.yaml) on EVMHOOK_API_ADDR.",
        discussion: "Every /v1 route needs an API key (`evmhook apikey create`). SIGTERM stops it gracefully."
    )

    @Option(name: .customLong("addr"), help: "host:port to listen on (default: EVMHOOK_API_ADDR).")
    var address: String?

    @Option(
        name: .customLong("redis-url"), help: "Redis URL, for re-queueing dead letters (default: EVMHOOK_REDIS_URL).")
    var redisURL: String?

    @Option(name: .customLong("database-url"), help: "PostgreSQL URL (default: EVMHOOK_DATABASE_URL).")
    var databaseURL: String?

    @Flag(
        help: "Accept endpoint URLs on loopback and private addresses (default: EVMHOOK_ALLOW_PRIVATE_TARGETS=1).")
    var allowPrivateTargets = false

    func run() async throws { try await run(until: .signals) }

    /// Serves until `shutdown`, with the process's `/metrics`, `/healthz` and `/readyz` on the same address; `/readyz`
    /// also checks the node of `ingesting` when given (`run` and `dev`, which ingest too).
    func run(until shutdown: Shutdown, ingesting: NodeOptions? = nil) async throws {
        let settings = Settings(environment: ProcessInfo.processInfo.environment)
        let text = address ?? settings.apiAddress
        guard let (host, port) = Self.hostAndPort(text) else {
            throw InputError(description: "--addr (or EVMHOOK_API_ADDR): '\(text)' is not host:port")
        }
        var configuration = AdminServer.Configuration(
            host: host, port: port, databaseURL: databaseURL ?? settings.databaseURL,
            redisURL: redisURL ?? settings.redisURL, redisPrefix: settings.redisPrefix,
            allowPrivateTargets: allowPrivateTargets || settings.allowPrivateTargets)
        configuration.rpcURL = ingesting?.rpcURL ?? settings.rpcURL
        // Next to the pipeline, admin requests get one thread and the CPU the pipeline leaves (issue 10: the API
        // costs it < 10 %). Nice 10 still let an API saturated by wrk take ~18 % of the pipeline's capacity beyond
        // wrk's own cost; 19 took 1.5 % (BENCHMARKS.md).
        if ingesting != nil {
            configuration.threads = 1
            configuration.niceness = 19
        }
        let logger = Logger(label: "evmhook.api")
        let checks = OperationalServing.checks(
            redisURL: configuration.redisURL, databaseURL: configuration.databaseURL,
            rpcURL: ingesting.flatMap { $0.rpcURL ?? settings.rpcURL }, logger: logger)
        let operational = OperationalRoutes(checks: checks)
        let server = AdminServer(configuration: configuration, logger: logger, extraRoutes: operational.add(to:))
        let listening = Guarded(false)
        do {
            try await server.run(until: shutdown.wait) { port in
                listening.withLock { $0 = true }
                // On stdout like the other services' ready lines; the port is the bound one when 0 was asked for.
                FileHandle.standardOutput.write(Data("admin API listening on http://\(host):\(port)\n".utf8))
            }
        } catch let error as PostgresError where error.code == .invalidURL || error.code == .connectionFailed {
            throw InputError(
                description: "cannot reach PostgreSQL (check --database-url or EVMHOOK_DATABASE_URL): \(error.message)")
        } catch let error where !(error is PostgresError) && !listening.withLock({ $0 }) {
            // Past PostgreSQL, what fails before listening is the bind: the address is taken (or not this machine's),
            // a setting to fix like EVMHOOK_METRICS_ADDR's.
            throw InputError(description: "--addr (or EVMHOOK_API_ADDR): cannot listen on \(text): \(error)")
        }
    }

    /// `host:port`, `[v6]:port`; the port from 0 (any free one) to 65535.
    static func hostAndPort(_ text: String) -> (String, Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65_535).contains(port)
        else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return host.isEmpty ? nil : (host, port)
    }
}
