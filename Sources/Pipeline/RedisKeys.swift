/// Every Redis key the services share, in one place, so the Ingestor, the Processor and Delivery cannot disagree.
/// All keys start with `prefix` (default `evmhook`), which lets tests and benchmarks share one server.
public struct RedisKeys: Sendable, Hashable {
    public let prefix: String

    public init(prefix: String = "evmhook") {
        self.prefix = prefix
    }

    // MARK: The event stream (Ingestor → Processor)

    /// The stream of `StreamEntry`s of every chain, read by the Processors' consumer group.
    public var stream: String { "\(prefix):events" }
    /// The Processors' consumer group on `stream`.
    public var processorGroup: String { "processors" }
    /// Entries the Processor could not parse, with the reason (a stream).
    public var deadEntries: String { "\(prefix):events:dead" }

    // MARK: Per-chain ingestion state

    /// Hash `{number, hash}`: the last block whose logs are in the stream; moves atomically with the `XADD`s.
    public func cursor(chain: UInt64) -> String { "\(prefix):chain:\(chain):cursor" }
    /// Hash `number → hash` of the recent canonical chain (the reorg window), kept across restarts.
    public func canonical(chain: UInt64) -> String { "\(prefix):chain:\(chain):canonical" }
    /// Set of the log indexes of one block already emitted; expires after the reorg window.
    public func seen(chain: UInt64, blockHash: String) -> String { "\(prefix):chain:\(chain):seen:\(blockHash)" }
    /// The Ingestor leader's lease (value: holder and fencing token).
    public func lease(chain: UInt64) -> String { "\(prefix):chain:\(chain):lease" }
    /// Monotonic fencing counter: every lease acquisition takes the next value.
    public func leaseFence(chain: UInt64) -> String { "\(prefix):chain:\(chain):fence" }
    /// Hash of a replay's progress (`evmhook replay`), so a rerun resumes.
    public func replay(id: String) -> String { "\(prefix):replay:\(id)" }

    // MARK: Delivery jobs (Processor → Delivery)

    /// The list of `DeliveryJob`s ready to send (`LPUSH` in, blocking pop out).
    public var jobs: String { "\(prefix):jobs" }
    /// A worker's processing list: jobs taken by that worker and not yet finished.
    public func processing(worker: String) -> String { "\(prefix):jobs:processing:\(worker)" }
    /// Sorted set of jobs waiting for a later attempt, scored by due time (unix milliseconds).
    public var retries: String { "\(prefix):jobs:retry" }
    /// Sorted set `worker → last heartbeat (unix milliseconds)`, for the reaper of dead workers' lists.
    public var workers: String { "\(prefix):workers" }
}
