public import Curl

extension DeliveryService {
    /// How one `evmhook deliver` process takes, sends and finishes jobs; the defaults are the issue's.
    public struct Configuration: Sendable {
        /// The `user-agent` sent: `evmhook/<version>` (the version lives in the executable).
        public var userAgent: String
        /// The retry delays (`EVMHOOK_RETRY_SCHEDULE`); its length + 1 is the default `max_attempts`.
        public var retrySchedule: RetrySchedule = .standard
        /// The SSRF guard: `.publicOnly` unless `EVMHOOK_ALLOW_PRIVATE_TARGETS=1`.
        public var addressGuard: AddressGuard = .publicOnly
        /// HTTP requests in flight at once, in all.
        public var maxInFlight = 1_000
        /// HTTP requests in flight at once to one endpoint, so one slow endpoint cannot take every slot.
        public var maxInFlightPerEndpoint = 32
        /// Connections open at once to one host, and in all. Several endpoints may share a host: a per-host cap
        /// as small as the per-endpoint one would let one hanging endpoint block its neighbours, so the endpoint
        /// cap is what limits each endpoint.
        public var maxConnectionsPerHost = 1_000
        public var maxConnections = 1_000
        /// Threads of the HTTP client. Two, so TLS and HTTP work for many endpoints can use more than one core,
        /// and a loop preempted by the scheduler does not hold up every request (a local receiver woken by each
        /// request preempted a single loop ~9,000 times a second). On the 2-core bench host one and two measure
        /// the same deliveries/s.
        public var httpThreads = 2
        /// Jobs of one endpoint waiting in memory for a slot or a rate-limit token; beyond, they are deferred
        /// through the retry set (without spending an attempt), so a hanging endpoint cannot fill the process.
        public var maxWaitingPerEndpoint = 1_000
        /// How far a job deferred because its endpoint's waiting line is full is pushed back.
        public var overflowDelay: Duration = .seconds(1)
        /// Jobs taken with one `LMOVE` pipeline when the queue is deep.
        public var takeBatch = 256
        /// How long one blocking take waits before the loop looks around (shutdown, room).
        public var takeBlock: Duration = .seconds(1)
        /// The circuit breaker of every endpoint.
        public var breaker = CircuitBreaker.Configuration()
        /// How often this worker's heartbeat is written.
        public var heartbeatInterval: Duration = .seconds(1)
        /// A worker whose heartbeat is older than this is dead: its taken jobs go back to the queue.
        public var workerTimeout: Duration = .seconds(15)
        /// How often due retries are moved back to the queue.
        public var moverInterval: Duration = .milliseconds(100)
        /// Finished jobs are recorded (PostgreSQL, then Redis) in batches at least this often.
        public var flushInterval: Duration = .milliseconds(20)
        /// On SIGTERM, how long requests in flight may take to finish before they are handed back.
        public var shutdownGrace: Duration = .seconds(10)
        /// Where operator events go (`EVMHOOK_OPERATOR_WEBHOOK_URL`); nil sends none.
        public var operatorWebhook: OperatorWebhook?

        public init(userAgent: String) {
            self.userAgent = userAgent
        }
    }
}
