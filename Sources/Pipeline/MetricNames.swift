/// The name of every Prometheus metric evmhook exports (README, "Metrics"), in one place: the services create the
/// handles, `Observability` sets the histogram buckets by name, and operators' dashboards depend on them.
public enum MetricNames {
    // MARK: Ingestor (label `chain`)

    /// Gauge: the newest block number the node announced.
    public static let chainHead = "evmhook_chain_head_block"
    /// Gauge: the last block whose logs are in the stream (the cursor).
    public static let ingestedBlock = "evmhook_ingested_block"
    /// Gauge: head − ingested block.
    public static let ingestLag = "evmhook_ingest_lag_blocks"
    /// Counter: log entries appended to the stream.
    public static let logsIngested = "evmhook_logs_ingested_total"
    /// Histogram: the depth (blocks taken back) of each reorg; its `_count` is the number of reorgs.
    public static let reorgDepth = "evmhook_reorg_depth_blocks"

    // MARK: Processor

    /// Counter: stream entries acknowledged.
    public static let entriesProcessed = "evmhook_stream_entries_processed_total"
    /// Counter: delivery jobs pushed on the queue.
    public static let jobsEnqueued = "evmhook_jobs_enqueued_total"
    /// Counter: entries that did not parse (moved to the dead-entry stream).
    public static let deadEntries = "evmhook_stream_dead_entries_total"
    /// Histogram: ingest → enqueue, the age of each batch's oldest entry when its jobs were queued.
    public static let processLag = "evmhook_process_lag_seconds"

    // MARK: Depths, sampled

    /// Gauge: entries in the stream (`XLEN`).
    public static let streamLength = "evmhook_stream_length"
    /// Gauge: entries read by a processor and not yet acknowledged (`XPENDING`).
    public static let streamPending = "evmhook_stream_pending_entries"
    /// Gauge: jobs waiting on the queue (`LLEN`).
    public static let queueDepth = "evmhook_queue_depth"
    /// Gauge: jobs waiting in the retry set for a later attempt or after a deferral (`ZCARD`).
    public static let retrySetDepth = "evmhook_retry_set_depth"

    // MARK: Delivery

    /// Counter: attempts by `endpoint` and `status_class` (`2xx`, `3xx`, `4xx`, `5xx`, `error`).
    public static let deliveries = "evmhook_deliveries_total"
    /// Histogram: enqueue → 2xx of each delivered job.
    public static let deliveryLatency = "evmhook_delivery_latency_seconds"
    /// Histogram: the attempts each job took, observed when it is delivered or becomes a dead letter.
    public static let deliveryAttempts = "evmhook_delivery_attempts"
    /// Gauge: 1 while an `endpoint`'s circuit breaker is open (or probing), 0 when closed.
    public static let breakerOpen = "evmhook_breaker_open"
    /// Counter: dead letters by `reason` (`exhausted`, `rejected`, `gone`, …).
    public static let deadLetters = "evmhook_dead_letters_total"
    /// Counter: operator webhook events by `type` and `outcome` (`sent`, `dropped`).
    public static let operatorEvents = "evmhook_operator_events_total"
}
