/// One endpoint's circuit breaker, a pure state machine (clock passed in).
///
/// closed → open after `failureThreshold` consecutive failures → half-open when the cool-down ends (one probe goes
/// out) → closed when the probe succeeds, or open again with a longer cool-down when it fails. While open, jobs are
/// deferred to the probe time and spend no attempts (CONTRACT.md).
public struct CircuitBreaker: Sendable, Equatable {
    public struct Configuration: Sendable, Equatable {
        /// Consecutive failures that open the breaker.
        public var failureThreshold = 5
        /// The first cool-down; each failed probe doubles it…
        public var coolDown: Duration = .seconds(5)
        /// …up to this.
        public var maxCoolDown: Duration = .seconds(600)
        /// How long other jobs wait while a probe is in flight.
        public var probeWait: Duration = .seconds(1)

        public init() {}
    }

    public enum State: Sendable, Equatable {
        case closed
        case open(until: ContinuousClock.Instant)
        case halfOpen
    }

    /// What to do with a job for this endpoint now.
    public enum Decision: Sendable, Equatable {
        case send
        /// Send it as the probe: its outcome decides whether the breaker closes.
        case probe
        case deferUntil(ContinuousClock.Instant)
    }

    /// A change worth telling operators about (logs, `evmhook.endpoint.failing` / `.recovered`).
    public enum Transition: Sendable, Equatable {
        case opened(coolDown: Duration)
        case reopened(coolDown: Duration)
        case closed
    }

    public let configuration: Configuration
    public private(set) var state: State = .closed
    private var consecutiveFailures = 0
    private var coolDown: Duration

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        coolDown = configuration.coolDown
    }

    public mutating func decide(now: ContinuousClock.Instant) -> Decision {
        switch state {
        case .closed:
            return .send
        case .open(let until) where now >= until:
            state = .halfOpen
            return .probe
        case .open(let until):
            return .deferUntil(until)
        case .halfOpen:
            return .deferUntil(now.advanced(by: configuration.probeWait))
        }
    }

    /// Records a delivery that reached a verdict about the endpoint's health.
    ///
    /// Only failures that say the endpoint is unwell count (connection errors, timeouts, 5xx, 429); a 4xx is the
    /// job's fault, not the endpoint's, and the caller reports it as a success here.
    public mutating func record(success: Bool, now: ContinuousClock.Instant) -> Transition? {
        if success {
            consecutiveFailures = 0
            coolDown = configuration.coolDown
            guard state != .closed else { return nil }
            state = .closed
            return .closed
        }
        switch state {
        case .halfOpen:
            coolDown = min(coolDown * 2, configuration.maxCoolDown)
            state = .open(until: now.advanced(by: coolDown))
            return .reopened(coolDown: coolDown)
        case .open:
            // A request sent before the breaker opened came back failed: nothing changes.
            return nil
        case .closed:
            consecutiveFailures += 1
            guard consecutiveFailures >= configuration.failureThreshold else { return nil }
            state = .open(until: now.advanced(by: coolDown))
            return .opened(coolDown: coolDown)
        }
    }
}
