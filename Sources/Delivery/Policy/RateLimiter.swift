/// One endpoint's `rate_limit_per_second`, as a token bucket (clock passed in). Jobs over the rate are deferred,
/// never dropped.
public struct RateLimiter: Sendable, Equatable {
    public let perSecond: Double
    /// Tokens the bucket holds at most: one second's worth, so a quiet endpoint can take a short burst.
    private let capacity: Double
    private var tokens: Double
    private var updated: ContinuousClock.Instant

    public init(perSecond: Int, now: ContinuousClock.Instant) {
        self.perSecond = Double(max(1, perSecond))
        capacity = self.perSecond
        tokens = capacity
        updated = now
    }

    /// Takes a token: `nil` when the job may go now, else how long until it may.
    public mutating func take(now: ContinuousClock.Instant) -> Duration? {
        let elapsed = updated.duration(to: now)
        if elapsed > .zero {
            tokens = min(capacity, tokens + elapsed.seconds * perSecond)
            updated = now
        }
        // The tolerance absorbs rounding: a wait computed for the missing fraction of a token must, once waited,
        // yield the token, or a caller looping on `take` would spin on ever-smaller waits.
        if tokens >= 1 - 1e-9 {
            tokens = max(0, tokens - 1)
            return nil
        }
        return max(.seconds((1 - tokens) / perSecond), .microseconds(1))
    }
}

extension Duration {
    /// The duration in seconds as a floating-point number.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}
