import CoreMetrics
import Foundation
import Pipeline
import Threading

/// Delivery's metric handles: the unlabelled ones made once, the per-endpoint ones the first time an endpoint is
/// seen and then looked up under a lock (never created per attempt).
final class DeliveryMetrics: Sendable {
    /// `status_class` values, by `statusClassIndex`.
    static let statusClasses = ["2xx", "3xx", "4xx", "5xx", "error"]

    private struct EndpointHandles {
        let deliveries: [Counter]
        let breakerOpen: Gauge
    }

    private let endpoints = Guarded<[UUID: EndpointHandles]>([:])
    private let latency = Timer(label: MetricNames.deliveryLatency)
    private let attempts = Recorder(label: MetricNames.deliveryAttempts)
    private let deadLetters: [DeadLetterReason: Counter] = Dictionary(
        uniqueKeysWithValues: DeadLetterReason.allCases.map {
            ($0, Counter(label: MetricNames.deadLetters, dimensions: [("reason", $0.rawValue)]))
        })

    /// One attempt's answer (`status` nil: no response).
    func attempted(_ endpoint: UUID, status: Int?) {
        handles(endpoint).deliveries[Self.statusClassIndex(status)].increment()
    }

    /// A job delivered (2xx) after `attempts`, first enqueued at `enqueuedAt` (unix ms).
    func delivered(attempts count: Int, enqueuedAt: UInt64, now: Date) {
        let nowMilliseconds = UInt64(max(0, now.timeIntervalSince1970 * 1_000))
        latency.recordMilliseconds(nowMilliseconds > enqueuedAt ? nowMilliseconds - enqueuedAt : 0)
        attempts.record(count)
    }

    /// A job given up on after `attempts` (0: never sent).
    func deadLettered(_ reason: DeadLetterReason, attempts count: Int) {
        deadLetters[reason]?.increment()
        if count > 0 { attempts.record(count) }
    }

    func breaker(_ endpoint: UUID, open: Bool) {
        handles(endpoint).breakerOpen.record(open ? 1 : 0)
    }

    /// Drops the series of an endpoint that is gone, so `/metrics` does not keep one per endpoint ever seen. A send
    /// still in flight for it can bring its series back.
    func forget(_ endpoint: UUID) {
        if let gone = endpoints.withLock({ $0.removeValue(forKey: endpoint) }) { Self.destroy(gone) }
    }

    /// Drops the series of every endpoint not in `current` (after a full reload of the catalog).
    func forgetAll(except current: Set<UUID>) {
        let gone = endpoints.withLock { known in
            let gone = known.filter { !current.contains($0.key) }
            for id in gone.keys { known[id] = nil }
            return Array(gone.values)
        }
        gone.forEach(Self.destroy)
    }

    private static func destroy(_ handles: EndpointHandles) {
        for counter in handles.deliveries { counter.destroy() }
        handles.breakerOpen.destroy()
    }

    static func statusClassIndex(_ status: Int?) -> Int {
        guard let status else { return 4 }
        switch status {
        case 200..<300: return 0
        case 300..<400: return 1
        case 400..<500: return 2
        case 500..<600: return 3
        default: return 4
        }
    }

    private func handles(_ endpoint: UUID) -> EndpointHandles {
        endpoints.withLock { known in
            if let handles = known[endpoint] { return handles }
            let id = endpoint.uuidString.lowercased()
            let handles = EndpointHandles(
                deliveries: Self.statusClasses.map {
                    Counter(label: MetricNames.deliveries, dimensions: [("endpoint", id), ("status_class", $0)])
                },
                breakerOpen: Gauge(label: MetricNames.breakerOpen, dimensions: [("endpoint", id)]))
            known[endpoint] = handles
            return handles
        }
    }
}
