import CoreMetrics
import Pipeline

/// The Ingestor's metric handles for one chain, created once per lease term (never per block or log).
struct IngestMetrics: Sendable {
    let head: Gauge
    let ingested: Gauge
    let lag: Gauge
    let logsIngested: Counter
    let reorgDepth: Recorder

    init(chainID: UInt64) {
        let chain = [("chain", String(chainID))]
        head = Gauge(label: MetricNames.chainHead, dimensions: chain)
        ingested = Gauge(label: MetricNames.ingestedBlock, dimensions: chain)
        lag = Gauge(label: MetricNames.ingestLag, dimensions: chain)
        logsIngested = Counter(label: MetricNames.logsIngested, dimensions: chain)
        reorgDepth = Recorder(label: MetricNames.reorgDepth, dimensions: chain)
    }

    /// Log entries an emit step appended.
    func ingested(logs count: Int) {
        logsIngested.increment(by: count)
    }

    /// A reorg that took `depth` blocks back.
    func reorg(depth: UInt64) {
        reorgDepth.record(depth)
    }

    /// The node's head and our cursor as they are now.
    func update(head number: UInt64, ingested cursor: UInt64?) {
        head.record(number)
        guard let cursor else { return }
        ingested.record(cursor)
        lag.record(number > cursor ? number - cursor : 0)
    }
}
