/// Why a job became a dead letter (the `reason` column of `dead_letters`).
public enum DeadLetterReason: String, Sendable, CaseIterable {
    /// Every attempt failed with a retryable error.
    case exhausted
    /// The receiver answered a non-retryable status (4xx other than 408/425/429/410, or a 3xx).
    case rejected
    /// The receiver answered 410 Gone; the endpoint was disabled.
    case gone
    /// The job string does not parse.
    case poison
    /// No endpoint has the job's endpoint id (it was deleted).
    case endpointMissing = "endpoint_missing"
    /// The endpoint is disabled.
    case endpointDisabled = "endpoint_disabled"
    /// The endpoint's stored secret does not parse, so nothing can be signed.
    case invalidSecret = "invalid_secret"
}
