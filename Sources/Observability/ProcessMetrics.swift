import CoreMetrics
import Pipeline
public import Prometheus

/// The one metrics registry of this process, bootstrapped into swift-metrics on first use.
///
/// The `evmhook` executable calls `bootstrap()` before any service starts: library code only creates swift-metrics
/// handles (`Counter`, `Gauge`, `Timer`, `Recorder`), and handles created before the bootstrap would stay no-ops.
public enum ProcessMetrics {
    /// The registry `/metrics` renders. Reading it bootstraps swift-metrics (once: a `static let` runs its
    /// initializer exactly once, so a second call cannot trip swift-metrics' "bootstrapped twice" precondition).
    public static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = durationBuckets
        factory.valueHistogramBuckets = valueBuckets
        MetricsSystem.bootstrap(factory)
        return registry
    }()

    /// Bootstraps swift-metrics with `registry`; idempotent.
    @discardableResult
    public static func bootstrap() -> PrometheusCollectorRegistry { registry }

    /// Latencies span milliseconds (a local receiver) to hours (retries): the default buckets stop at 10 s.
    private static let durationBuckets: [String: [Duration]] = [
        MetricNames.deliveryLatency: [
            .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
            .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30),
            .seconds(60), .seconds(300), .seconds(1800), .seconds(7200), .seconds(36000),
        ],
        MetricNames.processLag: [
            .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
            .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5), .seconds(30),
            .seconds(300),
        ],
    ]

    private static let valueBuckets: [String: [Double]] = [
        MetricNames.reorgDepth: [1, 2, 3, 4, 6, 8, 12, 16, 32, 64, 128, 256],
        MetricNames.deliveryAttempts: [1, 2, 3, 4, 5, 6, 7, 8, 10, 15, 20],
    ]
}
