import Foundation
import Pipeline
import Store

/// The dispatcher's decisions, as a pure state machine (the clock passed in): the global and per-endpoint in-flight
/// caps, each endpoint's circuit breaker and rate limit. Jobs wait here (still in the processing list) in one line
/// per endpoint; what cannot go soon is deferred through the retry set without spending an attempt.
struct DispatchState {
    /// What the shell must do after an event: orders to emit, wake-ups to schedule, breaker changes to log.
    struct Effects {
        var orders: [DispatchOrder] = []
        var wakes: [(endpoint: UUID, at: ContinuousClock.Instant)] = []
        var transitions: [(endpoint: UUID, change: CircuitBreaker.Transition)] = []
        /// Jobs deferred because their endpoint's line was full.
        var overflowed = 0
    }

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

    let configuration: DeliveryService.Configuration
    private var lanes: [UUID: Lane] = [:]
    /// Lanes with waiting jobs that found every global slot taken, in the order they asked.
    private var starved: [UUID] = []
    private(set) var inFlight = 0
    /// Jobs taken and not yet released from the processing list (waiting, in flight, or being finished).
    private(set) var held = 0
    private(set) var stopping = false

    init(configuration: DeliveryService.Configuration) {
        self.configuration = configuration
    }

    /// How many more jobs the taker may take now: held jobs are capped at twice the in-flight cap, so jobs can
    /// wait and be finished while others are sent, and a stalled PostgreSQL stops the taking.
    var room: Int { stopping ? 0 : max(0, 2 * configuration.maxInFlight - held) }

    /// Jobs from the taker.
    mutating func admit(_ admissions: [Admission], now: ContinuousClock.Instant) -> Effects {
        var effects = Effects()
        guard !stopping else { return effects }
        held += admissions.count
        var touched: Set<UUID> = []
        for admission in admissions {
            switch admission {
            case .reject(let entry):
                effects.orders.append(.finish(entry))
            case .ready(let taken):
                let id = taken.endpoint.id
                // Taken out of the dictionary while changed: a copy left in it would make every append copy the line.
                var lane =
                    lanes.removeValue(forKey: id) ?? Lane(breaker: CircuitBreaker(configuration: configuration.breaker))
                if lane.limiter?.perSecond != taken.endpoint.rateLimitPerSecond.map(Double.init) {
                    lane.limiter = taken.endpoint.rateLimitPerSecond.map { RateLimiter(perSecond: $0, now: now) }
                }
                if lane.waiting.count >= configuration.maxWaitingPerEndpoint {
                    effects.overflowed += 1
                    effects.orders.append(
                        .finish(Finisher.Entry.deferral(of: taken.raw, by: configuration.overflowDelay)))
                } else {
                    lane.waiting.append(taken)
                    touched.insert(id)
                }
                lanes[id] = lane
            }
        }
        for id in touched { pump(id, now: now, into: &effects) }
        return effects
    }

    /// A send ended. `countsAgainstEndpoint` is nil when it ended without a verdict (cancelled at shutdown).
    mutating func finished(
        _ endpoint: UUID, countsAgainstEndpoint: Bool?, disablesEndpoint: Bool, now: ContinuousClock.Instant
    ) -> Effects {
        var effects = Effects()
        inFlight -= 1
        if var lane = lanes.removeValue(forKey: endpoint) {
            lane.inFlight -= 1
            // A 410 is no sign of recovery: the endpoint is being disabled, and its breaker keeps its state.
            if let counts = countsAgainstEndpoint, !disablesEndpoint,
                let change = lane.breaker.record(success: !counts, now: now)
            {
                effects.transitions.append((endpoint, change))
            }
            if disablesEndpoint { lane.gone = true }
            lanes[endpoint] = lane
        }
        pump(endpoint, now: now, into: &effects)
        while inFlight < configuration.maxInFlight, !starved.isEmpty {
            pump(starved.removeFirst(), now: now, into: &effects)
        }
        return effects
    }

    /// A rate-limit wake-up came due.
    mutating func wake(_ endpoint: UUID, scheduledAt: ContinuousClock.Instant, now: ContinuousClock.Instant) -> Effects
    {
        var effects = Effects()
        if lanes[endpoint]?.wakeAt == scheduledAt { lanes[endpoint]?.wakeAt = nil }
        pump(endpoint, now: now, into: &effects)
        return effects
    }

    /// Jobs left the processing list.
    mutating func released(_ count: Int) {
        held -= count
    }

    /// Keeps up with endpoint changes: an endpoint enabled again after a 410 takes jobs again.
    mutating func apply(_ change: EndpointCatalog.Change) {
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
    mutating func stop() {
        stopping = true
    }

    /// Sends what the lane may send now.
    private mutating func pump(_ id: UUID, now: ContinuousClock.Instant, into effects: inout Effects) {
        guard !stopping, var lane = lanes.removeValue(forKey: id) else { return }
        defer { lanes[id] = lane }
        while let taken = lane.waiting.first, lane.inFlight < configuration.maxInFlightPerEndpoint {
            if lane.gone {
                lane.waiting.removeFirst()
                effects.orders.append(.finish(Self.rejection(of: taken, reason: .endpointDisabled)))
                continue
            }
            guard inFlight < configuration.maxInFlight else {
                if !starved.contains(id) { starved.append(id) }
                return
            }
            if lane.breaker.state != .closed {
                if case .deferUntil(let until) = lane.breaker.decide(now: now) {
                    lane.waiting.removeFirst()
                    effects.orders.append(
                        .finish(Finisher.Entry.deferral(of: taken.raw, by: now.duration(to: until))))
                    continue
                }
                // `.probe`: this job goes, whatever the rate limit says, or the breaker would wait for it forever.
            } else if let wait = lane.limiter?.take(now: now) {
                let at = now.advanced(by: wait)
                if lane.wakeAt.map({ at < $0 }) ?? true {
                    lane.wakeAt = at
                    effects.wakes.append((id, at))
                }
                return
            }
            lane.waiting.removeFirst()
            lane.inFlight += 1
            inFlight += 1
            effects.orders.append(.send(taken))
        }
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
}
