import Foundation
import Logging
import Pipeline
import Store

/// Where Delivery reports what happened: metrics for every attempt, and the events operators are told about
/// (`OperatorNotifier`, when configured). Each call is a lock and a few increments, or a non-blocking enqueue.
final class DeliveryObserver: Sendable {
    let metrics = DeliveryMetrics()
    let notifier: OperatorNotifier?
    private let catalog: EndpointCatalog
    private let breakerThreshold: Int

    init(configuration: DeliveryService.Configuration, catalog: EndpointCatalog, logger: Logger) {
        notifier = configuration.operatorWebhook.map {
            OperatorNotifier(webhook: $0, userAgent: configuration.userAgent, logger: logger)
        }
        self.catalog = catalog
        breakerThreshold = configuration.breaker.failureThreshold
    }

    /// An attempt was sent and settled.
    func settled(_ taken: TakenJob, result: AttemptSettlement.Result, settlement: AttemptSettlement, now: Date) {
        let job = taken.job
        metrics.attempted(job.endpointID, status: result.status)
        if let status = result.status, (200..<300).contains(status) {
            metrics.delivered(attempts: job.attempt, enqueuedAt: job.enqueuedAt, now: now)
        }
        guard let deadLetter = settlement.entry.deadLetter else { return }
        metrics.deadLettered(deadLetter.reason, attempts: job.attempt)
        let failure = deadLetter.lastError ?? "no answer"
        switch deadLetter.reason {
        case .gone:
            notifier?.notify(
                OperatorEvent(
                    kind: .endpointDisabled, time: now, endpointID: job.endpointID, url: taken.endpoint.url,
                    reason: "the endpoint answered 410 Gone", counts: ["attempts": job.attempt],
                    webhookID: job.webhookID, lastStatus: result.status))
        case .exhausted:
            notifier?.notify(
                OperatorEvent(
                    kind: .deliveryExhausted, time: now, endpointID: job.endpointID, url: taken.endpoint.url,
                    reason: "every attempt failed; the last: \(failure)", counts: ["attempts": job.attempt],
                    webhookID: job.webhookID, lastStatus: result.status))
        default:
            break
        }
    }

    /// Keeps the per-endpoint series to the endpoints that exist.
    func apply(_ change: EndpointCatalog.Change) {
        switch change {
        case .removed(let id): metrics.forget(id)
        case .reloaded(let endpoints): metrics.forgetAll(except: Set(endpoints.map(\.id)))
        case .updated: break
        }
    }

    /// A job became a dead letter without an attempt (it does not parse, its endpoint is gone, …).
    func rejected(_ reason: DeadLetterReason) {
        metrics.deadLettered(reason, attempts: 0)
    }

    /// An endpoint's circuit breaker changed state.
    func breaker(_ endpoint: UUID, _ change: CircuitBreaker.Transition) {
        let url = catalog.endpoint(endpoint)?.url
        switch change {
        case .opened(let coolDown):
            metrics.breaker(endpoint, open: true)
            notifier?.notify(
                OperatorEvent(
                    kind: .endpointFailing, endpointID: endpoint, url: url,
                    reason: "\(breakerThreshold) consecutive failures: deliveries deferred for \(coolDown)",
                    counts: ["consecutiveFailures": breakerThreshold]))
        case .reopened:
            // Still failing: operators already heard, and hear again when it recovers.
            metrics.breaker(endpoint, open: true)
        case .closed:
            metrics.breaker(endpoint, open: false)
            notifier?.notify(
                OperatorEvent(
                    kind: .endpointRecovered, endpointID: endpoint, url: url,
                    reason: "a probe delivery succeeded: deliveries resume"))
        }
    }
}
