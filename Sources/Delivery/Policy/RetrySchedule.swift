import Foundation

/// When a failed delivery is tried again (CONTRACT.md, delivery semantics).
///
/// Pure: the random source is passed in, so the jitter bounds are tested exactly.
public struct RetrySchedule: Sendable, Equatable {
    /// Delays after the first, second… failed attempt. Its length + 1 is the default number of attempts.
    public let delays: [Duration]
    /// Each delay is multiplied by a factor drawn from 1 ± `jitter`.
    public let jitter: Double
    /// `Retry-After` is honoured up to this long.
    public static let retryAfterCap: Duration = .seconds(3_600)

    /// The contract's default: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (8 attempts in all), ±20 %.
    public static let standard = RetrySchedule(
        delays: [
            .seconds(5), .seconds(300), .seconds(1_800), .seconds(7_200), .seconds(18_000), .seconds(36_000),
            .seconds(36_000),
        ]
    )

    public init(delays: [Duration], jitter: Double = 0.2) {
        self.delays = delays
        self.jitter = jitter
    }

    /// Attempts in all when an endpoint sets no `max_attempts` of its own.
    public var defaultMaxAttempts: Int { delays.count + 1 }

    /// Parses `EVMHOOK_RETRY_SCHEDULE`: comma-separated durations such as `500ms,5s,5m,2h`.
    public init(parsing text: String) throws(ScheduleError) {
        var delays: [Duration] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let trimmed = item.trimmingCharacters(in: .whitespaces)
            guard let delay = DurationText.parse(trimmed), delay > .zero else { throw ScheduleError(item: trimmed) }
            delays.append(delay)
        }
        self.init(delays: delays)
    }

    /// The delay before attempt `attempt + 1`, after attempt number `attempt` (1-based) failed; `nil` when that
    /// was the last attempt. A `Retry-After` the receiver sent replaces the schedule's delay (capped at one hour)
    /// but never shortens it below the schedule's.
    public func delay(
        afterAttempt attempt: Int, maxAttempts: Int, retryAfter: Duration? = nil,
        using random: inout some RandomNumberGenerator
    ) -> Duration? {
        guard attempt >= 1, attempt < maxAttempts, !delays.isEmpty else { return nil }
        let base = delays[min(attempt - 1, delays.count - 1)]
        // A fraction in [0, 1) from the top 53 bits: no rejection sampling, so any generator (even a constant one in
        // tests) gives an answer at once.
        let unit = Double(random.next() >> 11) * 0x1p-53
        let factor = 1 - jitter + 2 * jitter * unit
        let jittered = base * factor
        guard let retryAfter else { return jittered }
        return max(jittered, min(retryAfter, Self.retryAfterCap))
    }
}

/// A retry schedule that does not parse; says which item.
public struct ScheduleError: Error, Equatable, CustomStringConvertible {
    public let item: String
    public var description: String {
        "EVMHOOK_RETRY_SCHEDULE: '\(item)' is not a duration (write e.g. 500ms, 5s, 5m, 2h, comma-separated)"
    }
}
