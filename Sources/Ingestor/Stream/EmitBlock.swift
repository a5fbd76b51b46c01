import ChainKit

/// A block ready for the stream: its identity and its logs in log-index order, each carrying the block timestamp.
struct EmitBlock: Sendable {
    var number: UInt64
    var hash: Hash32
    var logs: [Log]

    /// A block known from its logs alone (every log must carry `blockTimestamp`), sorted by log index.
    init(number: UInt64, hash: Hash32, logs: [Log]) {
        self.number = number
        self.hash = hash
        self.logs = logs.sorted { $0.logIndex < $1.logIndex }
    }

    /// Sets the timestamp the node may have left out of the logs (only geth writes `blockTimestamp`), and sorts.
    init(header: BlockHeader, logs: [Log]) {
        self.init(
            number: header.number, hash: header.hash,
            logs: logs.map { log in
                var log = log
                if log.blockTimestamp == nil { log.blockTimestamp = header.timestamp }
                return log
            })
    }
}
