public import Foundation

/// What a delivery attempt's result means for the job (CONTRACT.md, delivery semantics).
public enum DeliveryOutcome: Sendable, Equatable {
    /// Any 2xx.
    case delivered
    /// Connection errors, timeouts, 408, 425, 429, 5xx: try again (no sooner than `retryAfter` when given).
    case retry(retryAfter: Duration?)
    /// Other 4xx and every 3xx (redirects are not followed): a dead letter at once.
    case deadLetter
    /// 410 Gone: a dead letter, and the endpoint is disabled.
    case disableEndpoint

    /// Classifies an HTTP status (`nil` when no response arrived: connection error or timeout).
    public init(status: Int?, retryAfter: String? = nil, now: Date = Date()) {
        guard let status else {
            self = .retry(retryAfter: nil)
            return
        }
        switch status {
        case 200..<300: self = .delivered
        case 410: self = .disableEndpoint
        case 408, 425, 429, 500..<600:
            self = .retry(retryAfter: retryAfter.flatMap { Self.parseRetryAfter($0, now: now) })
        default: self = .deadLetter
        }
    }

    /// Whether the attempt says the endpoint itself is unwell (for the circuit breaker).
    public var countsAgainstEndpoint: Bool {
        if case .retry = self { return true }
        return false
    }

    /// `Retry-After` (RFC 9110 §10.2.3): delay-seconds or an HTTP-date; anything else is ignored.
    static func parseRetryAfter(_ value: String, now: Date) -> Duration? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(trimmed) { return seconds >= 0 ? .seconds(seconds) : nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: trimmed) else { return nil }
        return .seconds(max(0, date.timeIntervalSince(now)))
    }
}
