import Foundation
import Pipeline
import Store

/// What one attempt's result means, worked out purely: the records to keep, where the job goes next, and what the
/// endpoint's circuit breaker hears.
struct AttemptSettlement: Sendable {
    /// How the attempt ended.
    struct Result: Sendable {
        /// Nil when no response arrived.
        var status: Int?
        var retryAfter: String?
        /// Why there was no response (or nil).
        var error: String?
        var duration: Duration
        var body: [UInt8]
        /// No response, and none will ever come (the URL or a header cannot be sent): not worth retrying.
        var isPermanent = false
    }

    var entry: Finisher.Entry
    /// Whether the breaker counts this against the endpoint (connection errors, timeouts, 5xx, 429…).
    var countsAgainstEndpoint: Bool
    /// Whether the endpoint answered 410 and is being disabled.
    var disablesEndpoint: Bool

    /// Settles `result` of sending `taken`, at wall-clock `now`.
    init(
        _ taken: TakenJob, result: Result, schedule: RetrySchedule, now: Date,
        using random: inout some RandomNumberGenerator
    ) {
        let job = taken.job
        let error = result.error ?? result.status.flatMap { (200..<300).contains($0) ? nil : "HTTP \($0)" }
        let record = AttemptRecord(
            endpointID: job.endpointID, webhookID: job.webhookID, attempt: job.attempt, status: result.status,
            error: error, duration: result.duration, responseBody: result.body, type: job.type,
            event: AttemptEvent(body: job.body))
        let outcome =
            result.isPermanent
            ? .deadLetter : DeliveryOutcome(status: result.status, retryAfter: result.retryAfter, now: now)
        let release = QueueCompletion(taken: taken.raw, next: nil)
        func deadLetter(_ reason: DeadLetterReason) -> DeadLetter {
            DeadLetter(
                job: String(decoding: taken.raw, as: UTF8.self), endpointID: job.endpointID, webhookID: job.webhookID,
                attempts: job.attempt, lastStatus: result.status, lastError: record.error, reason: reason)
        }
        countsAgainstEndpoint = outcome.countsAgainstEndpoint
        disablesEndpoint = false
        switch outcome {
        case .delivered:
            entry = Finisher.Entry(attempt: record, completion: release)
        case .retry(let retryAfter):
            let maxAttempts = taken.endpoint.maxAttempts ?? schedule.defaultMaxAttempts
            guard
                let delay = schedule.delay(
                    afterAttempt: job.attempt, maxAttempts: maxAttempts, retryAfter: retryAfter, using: &random)
            else {
                entry = Finisher.Entry(attempt: record, deadLetter: deadLetter(.exhausted), completion: release)
                return
            }
            var next = job
            next.attempt += 1
            let due = now.addingTimeInterval(delay.timeInterval)
            entry = Finisher.Entry(
                attempt: record,
                completion: QueueCompletion(
                    taken: taken.raw, next: .init(job: next.encoded, dueMilliseconds: due.unixMilliseconds)))
        case .deadLetter:
            entry = Finisher.Entry(attempt: record, deadLetter: deadLetter(.rejected), completion: release)
        case .disableEndpoint:
            disablesEndpoint = true
            entry = Finisher.Entry(
                attempt: record, deadLetter: deadLetter(.gone),
                disable: (job.endpointID, "the endpoint answered 410 Gone"), completion: release)
        }
    }
}

extension Duration {
    var timeInterval: TimeInterval {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}

extension Date {
    var unixMilliseconds: Int64 { Int64((timeIntervalSince1970 * 1_000).rounded()) }
}
