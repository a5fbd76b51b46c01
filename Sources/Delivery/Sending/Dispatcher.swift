import Foundation
import Logging
import Pipeline
import Store

/// Decides when each taken job is sent: the global and per-endpoint in-flight caps, each endpoint's circuit breaker
/// and rate limit. Jobs wait here (still in the processing list) in one line per endpoint; what cannot go soon is
/// deferred through the retry set without spending an attempt. Orders come out of `orders`.
actor Dispatcher {
    /// One endpoint's line and health.
    private struct Lane {
        var waiting = JobLine()
        var inFlight = 0
        var breaker: CircuitBreaker
        var limiter: RateLimiter?
        /// When a wake-up for the rate limit is already scheduled.
        var wakeAt: ContinuousClock.Instant?
        /// It answered 410 Gone: what still waits becomes a dead letter.
        var gone = false
    }

    let orders: AsyncStream<DispatchOrder>
    private let output: AsyncStream<DispatchOrder>.Continuation
    private let configuration: DeliveryService.Configuration
    private let logger: Logger
    private var lanes: [UUID: Lane] = [:]
    /// Lanes with waiting jobs that found every global slot taken, in the order they asked.
    private var starved: [UUID] = []
    private var inFlight = 0
    /// Jobs taken and not yet released from the processing list (waiting, in flight, or being finished).
    private var held = 0
    private var stopping = false

    init(configuration: DeliveryService.Configuration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        (orders, output) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
    }

    /// How many more jobs the taker may take now: held jobs are capped at twice the in-flight cap, so jobs can
    /// wait and be finished while others are sent, and a stalled PostgreSQL stops the taking.
    var room: Int { stopping ? 0 : max(0, 2 * configuration.maxInFlight - held) }

    var isIdle: Bool { held == 0 }

    /// Takes over jobs from the taker; returns how many were deferred because their endpoint's line was full.
    func admit(_ admissions: [Admission]) -> Int {
        held += admissions.count
        let now = ContinuousClock.now
        var overflowed = 0
        var touched: Set<UUID> = []
        for admission in admissions {
            switch admission {
            case .reject(let entry):
                output.yield(.finish(entry))
            case .ready(let taken):
                let id = taken.endpoint.id
                // Taken out of the dictionary while changed: a copy left in it would make every append copy the line.
                var lane =
                    lanes.removeValue(forKey: id) ?? Lane(breaker: CircuitBreaker(configuration: configuration.breaker))
                if lane.limiter?.perSecond != taken.endpoint.rateLimitPerSecond.map(Double.init) {
                    lane.limiter = taken.endpoint.rateLimitPerSecond.map { RateLimiter(perSecond: $0, now: now) }
                }
                if lane.waiting.count >= configuration.maxWaitingPerEndpoint {
                    overflowed += 1
                    output.yield(.finish(Finisher.Entry.deferral(of: taken.raw, by: configuration.overflowDelay)))
                } else {
                    lane.waiting.append(taken)
                    touched.insert(id)
                }
                lanes[id] = lane
            }
        }
        for id in touched { pump(id, now: now) }
        return overflowed
    }

    /// A send ended. `countsAgainstEndpoint` is nil when it ended without a verdict (cancelled at shutdown).
    func finished(_ endpoint: UUID, countsAgainstEndpoint: Bool?, disablesEndpoint: Bool = false) {
        inFlight -= 1
        let now = ContinuousClock.now
        if var lane = lanes.removeValue(forKey: endpoint) {
            lane.inFlight -= 1
            if let counts = countsAgainstEndpoint, let change = lane.breaker.record(success: !counts, now: now) {
                log(change, endpoint: endpoint)
            }
            if disablesEndpoint { lane.gone = true }
            lanes[endpoint] = lane
        }
        pump(endpoint, now: now)
        while inFlight < configuration.maxInFlight, !starved.isEmpty {
            pump(starved.removeFirst(), now: now)
        }
    }

    /// Jobs left the processing list.
    func released(_ count: Int) {
        held -= count
    }

    /// Keeps up with endpoint changes: an endpoint enabled again after a 410 takes jobs again.
    func apply(_ change: EndpointCatalog.Change) {
        switch change {
        case .updated(let endpoint) where endpoint.enabled:
            lanes[endpoint.id]?.gone = false
        case .reloaded(let endpoints):
            for endpoint in endpoints where endpoint.enabled { lanes[endpoint.id]?.gone = false }
        default:
            break
        }
    }

    /// Stops sending: what waits stays taken and is handed back with the processing list.
    func stop() {
        stopping = true
        output.finish()
    }

    /// Sends what the lane may send now.
    private func pump(_ id: UUID, now: ContinuousClock.Instant) {
        guard !stopping, var lane = lanes.removeValue(forKey: id) else { return }
        defer { lanes[id] = lane }
        while let taken = lane.waiting.first, lane.inFlight < configuration.maxInFlightPerEndpoint {
            if lane.gone {
                lane.waiting.removeFirst()
                output.yield(.finish(Self.rejection(of: taken, reason: .endpointDisabled)))
                continue
            }
            guard inFlight < configuration.maxInFlight else {
                if !starved.contains(id) { starved.append(id) }
                return
            }
            if lane.breaker.state != .closed {
                if case .deferUntil(let until) = lane.breaker.decide(now: now) {
                    lane.waiting.removeFirst()
                    output.yield(.finish(Finisher.Entry.deferral(of: taken.raw, by: now.duration(to: until))))
                    continue
                }
                // `.probe`: this job goes, whatever the rate limit says, or the breaker would wait for it forever.
            } else if let wait = lane.limiter?.take(now: now) {
                let at = now.advanced(by: wait)
                if lane.wakeAt.map({ at < $0 }) ?? true {
                    lane.wakeAt = at
                    Task { [weak self] in
                        try? await Task.sleep(until: at, clock: .continuous)
                        await self?.wake(id, scheduledAt: at)
                    }
                }
                return
            }
            lane.waiting.removeFirst()
            lane.inFlight += 1
            inFlight += 1
            output.yield(.send(taken))
        }
    }

    private func wake(_ id: UUID, scheduledAt: ContinuousClock.Instant) {
        if let lane = lanes[id], lane.wakeAt == scheduledAt { lanes[id]?.wakeAt = nil }
        pump(id, now: .now)
    }

    /// A dead letter for a job never sent.
    static func rejection(of taken: TakenJob, reason: DeadLetterReason) -> Finisher.Entry {
        Finisher.Entry(
            deadLetter: DeadLetter(
                job: String(decoding: taken.raw, as: UTF8.self), endpointID: taken.job.endpointID,
                webhookID: taken.job.webhookID, attempts: taken.job.attempt - 1, lastStatus: nil, lastError: nil,
                reason: reason),
            completion: QueueCompletion(taken: taken.raw, next: nil))
    }

    private func log(_ change: CircuitBreaker.Transition, endpoint: UUID) {
        let metadata: Logger.Metadata = ["endpoint.id": "\(endpoint.uuidString.lowercased())"]
        switch change {
        case .opened(let coolDown):
            logger.warning("circuit breaker opened: deferring the endpoint's jobs for \(coolDown)", metadata: metadata)
        case .reopened(let coolDown):
            logger.warning("circuit breaker probe failed: deferring for \(coolDown)", metadata: metadata)
        case .closed:
            logger.notice("circuit breaker closed: the endpoint recovered", metadata: metadata)
        }
    }
}
