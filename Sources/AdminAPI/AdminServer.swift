public import Hummingbird
import HummingbirdCore
public import Logging
import NIOCore
import OpenAPIHummingbird
import OpenAPIRuntime
import Pipeline
import ServiceLifecycle

/// The admin API over HTTP: the generated `/v1` handlers behind API-key authentication, `GET /openapi.yaml`, and
/// whatever `extraRoutes` adds (the operational routes of `Observability`, mounted by the `evmhook` commands).
public struct AdminServer: Sendable {
    public struct Configuration: Sendable {
        /// Where to listen; port 0 picks a free one (see `run`'s `onListening`).
        public var host: String
        public var port: Int
        public var databaseURL: String
        public var redisURL: String
        /// The prefix of the Redis keys dead letters are re-queued under.
        public var redisPrefix: String
        /// Whether endpoint URLs may name private and loopback addresses (EVMHOOK_ALLOW_PRIVATE_TARGETS).
        public var allowPrivateTargets: Bool
        /// PostgreSQL connections the requests share.
        public var databaseConnections = 4
        /// The node `/v1/replays` reads (EVMHOOK_RPC_URL); nil: starting a replay answers 503.
        public var rpcURL: String?
        /// The API's threads (`AdminEventLoop`): one per core alone; `run` and `dev` give it one.
        public var threads = System.coreCount
        /// The nice value of the API's threads when > 0: `run` and `dev` set 10 so that admin requests take only
        /// what the pipeline in the same process leaves.
        public var niceness: Int32 = 0

        public init(
            host: String, port: Int, databaseURL: String, redisURL: String, redisPrefix: String,
            allowPrivateTargets: Bool
        ) {
            self.host = host
            self.port = port
            self.databaseURL = databaseURL
            self.redisURL = redisURL
            self.redisPrefix = redisPrefix
            self.allowPrivateTargets = allowPrivateTargets
        }
    }

    let configuration: Configuration
    let logger: Logger
    let extraRoutes: @Sendable (Router<BasicRequestContext>) -> Void

    public init(
        configuration: Configuration, logger: Logger,
        extraRoutes: @escaping @Sendable (Router<BasicRequestContext>) -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.logger = logger
        self.extraRoutes = extraRoutes
    }

    /// Serves until `shutdown` returns, then finishes the requests in flight and closes its connections.
    /// `onListening` hears the bound port once the server accepts connections.
    public func run(
        until shutdown: @escaping @Sendable () async -> Void, onListening: @escaping @Sendable (Int) -> Void = { _ in }
    ) async throws {
        let pool = try await PostgresPool.connect(
            url: configuration.databaseURL, size: configuration.databaseConnections, logger: logger)
        let caches: AdminCaches
        do {
            caches = try await AdminCaches.start(databaseURL: configuration.databaseURL, pool: pool, logger: logger)
        } catch {
            await pool.close()
            throw error
        }
        let replays = ReplayRegistry(
            rpcURL: configuration.rpcURL, redisURL: configuration.redisURL,
            keys: RedisKeys(prefix: configuration.redisPrefix), logger: logger)
        let redis = SharedRedis(url: configuration.redisURL, logger: logger)
        let thread = await AdminEventLoop.start(
            threads: configuration.threads, niceness: configuration.niceness, logger: logger)
        do {
            let router = try makeRouter(pool: pool, caches: caches, replays: replays, redis: redis)
            let port = configuration.port
            var requestLogger = logger
            requestLogger.handler = DeferredMetadataLogHandler(wrapping: logger.handler)
            let (keys, endpoints) = (caches.keys, caches.endpoints)
            let http = HTTP1Channel.Configuration(
                additionalChannelHandlers: [CachedEndpointChannelHandler(keys: keys, endpoints: endpoints)])
            let app = Application(
                responder: router.buildResponder(), server: .http1(configuration: http),
                configuration: .init(address: .hostname(configuration.host, port: port)),
                onServerRunning: { channel in onListening(channel.localAddress?.port ?? port) },
                eventLoopGroupProvider: .shared(thread.group), logger: requestLogger)
            let services = ServiceGroup(
                configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
            // Every connection's task is a child of this group's, so all request handling prefers `thread`.
            try await withTaskExecutorPreference(thread) {
                try await withThrowingTaskGroup(of: Bool.self) { group in
                    group.addTask {
                        try await services.run()
                        return true
                    }
                    group.addTask {
                        await shutdown()
                        await services.triggerGracefulShutdown()
                        return false
                    }
                    // The server ending (after a shutdown, or failing to bind) also ends the shutdown watcher.
                    while let serverEnded = try await group.next() {
                        if serverEnded { group.cancelAll() }
                    }
                }
            }
        } catch {
            await replays.cancelAll()
            await redis.close()
            await caches.stop()
            await pool.close()
            await thread.stop()
            throw error
        }
        // Stopped replays resume from their last whole chunk when started again.
        await replays.cancelAll()
        await redis.close()
        await caches.stop()
        await pool.close()
        await thread.stop()
    }

    func makeRouter(pool: PostgresPool, caches: AdminCaches, replays: ReplayRegistry, redis: SharedRedis) throws
        -> Router<BasicRequestContext>
    {
        let router = Router()
        router.get("/openapi.yaml") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "application/yaml"],
                body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.text)))
        }
        extraRoutes(router)
        let handler = AdminHandler(
            pool: pool, caches: caches, allowPrivateTargets: configuration.allowPrivateTargets,
            redis: redis, redisPrefix: configuration.redisPrefix, replays: replays, logger: logger)
        try handler.registerHandlers(
            on: router, configuration: .init(dateTranscoder: TimestampTranscoder()),
            middlewares: [
                ProblemMiddleware(logger: logger), APIKeyAuthentication(pool: pool, keys: caches.keys),
                CachedEndpointResponses(endpoints: caches.endpoints), AbsentEmptyBody(), PatchNulls(),
            ])
        return router
    }
}
