import ArgumentParser
import Curl
import Delivery
import Foundation
import Hiredis
import LibPQ
import Logging
import Observability
import Pipeline
import Store

/// `evmhook deliver`: Delivery workers. Run several processes: they share the queue.
struct DeliverCommand: AsyncParsableCommand, StandaloneService {
    static let loggerLabel = "evmhook.deliver"

    static let configuration = CommandConfiguration(
        commandName: "deliver",
        abstract: "Take jobs from the Redis queue and POST them as signed webhooks, with retries and dead letters.",
        discussion: "SIGTERM or SIGINT: stop taking jobs, let requests in flight finish, hand the rest back, exit 0."
    )

    @Option(help: "Redis URL (default: EVMHOOK_REDIS_URL).")
    var redisURL: String?

    @Option(help: "PostgreSQL URL (default: EVMHOOK_DATABASE_URL).")
    var databaseURL: String?

    @Flag(help: "Let endpoints resolve to loopback and private addresses (default: EVMHOOK_ALLOW_PRIVATE_TARGETS=1).")
    var allowPrivateTargets = false

    @Option(help: "Consecutive failures that open an endpoint's circuit breaker.")
    var breakerFailures = 5

    @Option(help: "HTTP requests in flight at once, in all.")
    var maxInFlight = 1_000

    @Option(help: "HTTP requests in flight at once to one endpoint.")
    var maxInFlightPerEndpoint = 32

    @Option(help: "A worker silent this long is dead and its jobs go back to the queue (e.g. 15s).")
    var workerTimeout = "15s"

    @Option(help: "On SIGTERM, how long requests in flight may take to finish (e.g. 10s).")
    var shutdownGrace = "10s"

    func validate() throws {
        guard breakerFailures >= 1 else { throw ValidationError("--breaker-failures must be at least 1") }
        guard maxInFlight >= 1 else { throw ValidationError("--max-in-flight must be at least 1") }
        guard maxInFlightPerEndpoint >= 1 else { throw ValidationError("--max-in-flight-per-endpoint must be ≥ 1") }
        guard DurationText.parse(workerTimeout).map({ $0 >= .seconds(2) }) ?? false else {
            throw ValidationError("--worker-timeout must be a duration of at least 2s, e.g. 15s")
        }
        guard DurationText.parse(shutdownGrace) != nil else {
            throw ValidationError("--shutdown-grace must be a duration such as 10s")
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
        var configuration = DeliveryService.Configuration(userAgent: "evmhook/\(EvmhookVersion.current)")
        if let text = settings.retrySchedule {
            do {
                configuration.retrySchedule = try RetrySchedule(parsing: text)
            } catch {
                throw InputError(description: "\(error)")
            }
        }
        configuration.addressGuard =
            allowPrivateTargets || settings.allowPrivateTargets ? .allowingPrivateTargets : .publicOnly
        configuration.breaker.failureThreshold = breakerFailures
        configuration.maxInFlight = maxInFlight
        configuration.maxInFlightPerEndpoint = maxInFlightPerEndpoint
        configuration.maxConnectionsPerHost = maxInFlight
        configuration.maxConnections = maxInFlight
        configuration.workerTimeout = DurationText.parse(workerTimeout)!
        configuration.shutdownGrace = DurationText.parse(shutdownGrace)!
        configuration.operatorWebhook = try Self.operatorWebhook(settings)

        let database = databaseURL ?? settings.databaseURL
        let catalog: EndpointCatalog
        do {
            catalog = try await EndpointCatalog.start(databaseURL: database, logger: logger)
        } catch let error as PostgresError where error.code == .invalidURL || error.code == .connectionFailed {
            throw InputError(
                description: "cannot reach PostgreSQL (check --database-url or EVMHOOK_DATABASE_URL): \(error.message)")
        }
        do {
            // Checked before anything starts on it (a wrong password would otherwise surface later, as a failure).
            let probe = try await RedisCommandConnection.open(redisURL ?? settings.redisURL, logger: logger)
            await probe.close()
        } catch {
            await catalog.stop()
            throw error
        }
        let keys = RedisKeys(prefix: settings.redisPrefix)
        let service = DeliveryService(
            configuration: configuration, keys: keys, redisURL: redisURL ?? settings.redisURL, databaseURL: database,
            catalog: catalog, logger: logger)
        let sampler = Task { [redis = redisURL ?? settings.redisURL] in
            await DepthSampler(keys: keys, depths: DepthSampler.queue).run(redisURL: redis, logger: logger)
        }
        defer { sampler.cancel() }
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await service.run {
                        // The line scripts and tests wait for, unbuffered so a pipe sees it at once.
                        let line =
                            "deliver: worker \(service.queue.worker) taking jobs from \(service.queue.keys.jobs)\n"
                        FileHandle.standardOutput.write(Data(line.utf8))
                    }
                }
                group.addTask {
                    await shutdown.wait()
                    service.shutdown()
                }
                try await group.next()
                service.shutdown()
                group.cancelAll()
            }
        } catch let error as RedisError where error.code == .connectionFailed || error.code == .invalidURL {
            await catalog.stop()
            throw InputError(
                description: "cannot reach Redis (check --redis-url or EVMHOOK_REDIS_URL): \(error)")
        } catch {
            await catalog.stop()
            throw error
        }
        await catalog.stop()
    }

    /// `EVMHOOK_OPERATOR_WEBHOOK_URL` with its secret, checked here so a typo fails at start (exit 2), not later.
    static func operatorWebhook(_ settings: Settings) throws -> OperatorWebhook? {
        guard let url = settings.operatorWebhookURL else {
            // A secret alone is a half-done setup: the operator expects events that would never come.
            guard settings.operatorWebhookSecret == nil else {
                throw InputError(
                    description:
                        "EVMHOOK_OPERATOR_WEBHOOK_SECRET is set without EVMHOOK_OPERATOR_WEBHOOK_URL: set the URL to "
                        + "receive operator events, or unset the secret")
            }
            return nil
        }
        let lowered = url.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://") else {
            throw InputError(description: "EVMHOOK_OPERATOR_WEBHOOK_URL must be an http:// or https:// URL")
        }
        guard let text = settings.operatorWebhookSecret else {
            throw InputError(
                description:
                    "EVMHOOK_OPERATOR_WEBHOOK_SECRET is required when EVMHOOK_OPERATOR_WEBHOOK_URL is set "
                    + "(whsec_ + base64 of 24–64 random bytes; `openssl rand -base64 32` makes the random part)")
        }
        do {
            return OperatorWebhook(url: url, secret: try WebhookSecret(parsing: text))
        } catch {
            throw InputError(description: "EVMHOOK_OPERATOR_WEBHOOK_SECRET: \(error)")
        }
    }
}
