import Curl
import Foundation
import Hiredis
import LibPQ
public import Logging
public import Pipeline
public import Store
import Threading

/// One `evmhook deliver` process: takes jobs from the Redis queue, signs and POSTs them, and settles each attempt
/// (done, retry later, dead letter), recording every attempt in PostgreSQL.
///
/// Nothing is only in memory: a job stays in this worker's processing list from the moment it is taken until its
/// records are committed and its next place (nowhere, the retry set) is written in the same `MULTI` that removes it.
/// A worker killed at any instant stops heartbeating, and any other worker's reaper returns its jobs to the queue.
///
/// `run()` returns after `shutdown()`: it stops taking, lets requests in flight finish up to
/// `Configuration.shutdownGrace`, finishes what finished, and hands the rest back to the queue.
public final class DeliveryService: Sendable {
    public let configuration: Configuration
    public let queue: JobQueue
    private let redisURL: String
    private let databaseURL: String
    let catalog: EndpointCatalog
    let logger: Logger
    let observer: DeliveryObserver
    private let lifecycle = Guarded(Lifecycle())

    private struct Lifecycle {
        var shutdownRequested = false
        var taker: Task<Void, Never>?
    }

    /// - Parameters:
    ///   - worker: this worker's name in Redis (its processing list); unique per process, so a random one by default.
    public init(
        configuration: Configuration, keys: RedisKeys, redisURL: String, databaseURL: String,
        catalog: EndpointCatalog, worker: String = DeliveryService.newWorkerName(), logger: Logger
    ) {
        self.configuration = configuration
        queue = JobQueue(keys: keys, worker: worker)
        self.redisURL = redisURL
        self.databaseURL = databaseURL
        self.catalog = catalog
        var logger = logger
        logger[metadataKey: "worker"] = "\(worker)"
        self.logger = logger
        observer = DeliveryObserver(configuration: configuration, catalog: catalog, logger: logger)
    }

    /// `<host>-<pid>-<random>`: readable in `ZRANGE workers`, never reused.
    public static func newWorkerName() -> String {
        "\(ProcessInfo.processInfo.hostName)-\(getpid())-\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// Asks `run()` to shut down gracefully. Idempotent; safe from any thread.
    public func shutdown() {
        let taker = lifecycle.withLock { state in
            state.shutdownRequested = true
            return state.taker
        }
        taker?.cancel()
    }

    /// Runs until `shutdown()`.
    ///
    /// - Throws: when Redis, PostgreSQL or the HTTP client cannot be set up at start; afterwards outages are logged
    ///   and waited out, never thrown.
    ///
    /// - Parameter onStarted: called once the worker is registered and about to take jobs.
    public func run(onStarted: @Sendable () -> Void = {}) async throws {
        let takerRedis = try await connectRedis("taker")
        let finisherRedis = try await connectRedis("finisher")
        let maintenanceRedis = try await connectRedis("maintenance")
        let database = try await PostgresConnection.connect(url: databaseURL, logger: logger)
        let lookups = try await PostgresConnection.connect(url: databaseURL, logger: logger)
        let client = try HTTPClient(
            configuration: HTTPClient.Configuration(
                maxConnectionsPerHost: configuration.maxConnectionsPerHost,
                maxConnections: configuration.maxConnections,
                bodyCaptureLimit: AttemptRecord.bodyLimit, addressGuard: configuration.addressGuard,
                threads: configuration.httpThreads),
            logger: logger)
        let dispatcher = Dispatcher(configuration: configuration, observer: observer, logger: logger)
        let finisher = Finisher(
            queue: queue, redis: finisherRedis, database: database, logger: logger,
            released: { dispatcher.released($0) })
        let sender = Sender(
            client: client, dispatcher: dispatcher, finisher: finisher, observer: observer,
            configuration: configuration,
            logger: logger)

        // The heartbeat comes first: a worker must be known before it holds jobs, or no reaper would find them.
        try await queue.heartbeat(on: maintenanceRedis, now: Date().unixMilliseconds)
        logger.info("delivery worker started", metadata: ["queue": "\(queue.keys.jobs)"])
        onStarted()

        let maintenance = Task { await maintain(on: maintenanceRedis) }
        let notifying = Task { [observer] in await observer.notifier?.run() }
        let finishing = Task { await finisher.run(every: configuration.flushInterval) }
        let catalogWatch = Task {
            for await change in catalog.changes {
                dispatcher.apply(change)
                observer.apply(change)
            }
        }
        let sending = Task {
            for await order in dispatcher.orders {
                switch order {
                case .send(let taken): sender.deliver(taken)
                case .finish(let entry): finisher.submit(entry)
                }
            }
        }
        let taker = Task {
            await take(on: takerRedis, lookups: EndpointStore(connection: lookups), dispatcher: dispatcher)
        }
        let stopNow = lifecycle.withLock { state in
            state.taker = taker
            return state.shutdownRequested
        }
        if stopNow { taker.cancel() }
        await taker.value

        // Graceful shutdown: nothing new is sent; requests in flight get the grace period, then the client fails
        // them with `.shutdown` (their jobs stay taken and are handed back). Logged once no new send can start.
        dispatcher.stop()
        logger.info("shutting down: letting requests in flight finish")
        await sending.value
        let deadline = Task {
            try? await Task.sleep(for: configuration.shutdownGrace)
            if !Task.isCancelled { await client.shutdown() }
        }
        await dispatcher.sendsEnded()
        deadline.cancel()
        finishing.cancel()
        await finishing.value
        await finisher.drain(until: .now + .seconds(5))
        // Operator events still queued get the same few seconds, never more: they must not hold up the stop.
        observer.notifier?.finish()
        let notifyDeadline = Task {
            try? await Task.sleep(for: .seconds(5))
            notifying.cancel()
        }
        await notifying.value
        notifyDeadline.cancel()
        maintenance.cancel()
        await maintenance.value
        catalogWatch.cancel()
        do {
            let handedBack = try await queue.handBack(on: maintenanceRedis)
            logger.info("delivery worker stopped", metadata: ["jobs.handed_back": "\(handedBack)"])
        } catch {
            // The heartbeat stops now, so a reaper returns the jobs once the worker timeout passes.
            logger.warning("could not hand jobs back; a reaper will", metadata: ["error": "\(error)"])
        }
        await client.shutdown()
        await takerRedis.close()
        await finisherRedis.close()
        await maintenanceRedis.close()
        await database.close()
        await lookups.close()
    }

    private func connectRedis(_ role: String) async throws -> RedisConnection {
        var redisConfiguration = RedisConnection.Configuration()
        redisConfiguration.clientName = "evmhook-deliver-\(role)"
        return try await RedisConnection.connect(to: redisURL, configuration: redisConfiguration, logger: logger)
    }
}
