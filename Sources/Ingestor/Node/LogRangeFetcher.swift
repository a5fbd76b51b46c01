public import ChainKit
public import Logging

/// Ranged `eth_getLogs` that adapts its chunk to what the node accepts: a refusal (`RangeLimitRefusal`) narrows
/// the chunk to the provider's suggestion when it gives a smaller one, else halves it; a run of answered chunks
/// widens it again, up to `maxRange`.
public struct LogRangeFetcher: Sendable {
    /// The widest range ever asked for.
    public let maxRange: UInt64
    /// The width tried next.
    private(set) var span: UInt64
    private var answeredInARow = 0
    private let logger: Logger

    public init(maxRange: UInt64, logger: Logger) {
        self.maxRange = max(1, maxRange)
        span = self.maxRange
        self.logger = logger
    }

    /// Fetches the logs of a prefix of `range` (at least its first block) and returns that prefix with them.
    ///
    /// - Parameter blockHash: the hash of a block, when known: a single block refused even alone is asked for by
    ///   hash, which providers answer without a range cap.
    public mutating func fetchPrefix(
        of range: ClosedRange<UInt64>, node: NodeClient, blockHash: (UInt64) -> Hash32? = { _ in nil }
    ) async throws -> (covered: ClosedRange<UInt64>, logs: [Log]) {
        let low = range.lowerBound
        var high = min(range.upperBound, low + span - 1)
        while true {
            do {
                let logs = try await node.logs(in: low...high)
                answeredInARow += 1
                // Widen only after a few full-width answers: a result cap would otherwise refuse every other call.
                if answeredInARow >= 4 && high - low + 1 == span && span < maxRange {
                    span = min(maxRange, span * 2)
                    answeredInARow = 0
                }
                return (low...high, logs)
            } catch let error as NodeError {
                guard let refusal = RangeLimitRefusal(error) else { throw error }
                answeredInARow = 0
                let width = high - low + 1
                guard width > 1 else {
                    guard let hash = blockHash(low) else { throw error }
                    return (low...low, try await node.logs(blockHash: hash))
                }
                var narrower = width / 2
                // The suggestion is used for its width (its start may not be ours) and only when it narrows.
                if let suggested = refusal.suggested, suggested.upperBound - suggested.lowerBound + 1 < width {
                    narrower = suggested.upperBound - suggested.lowerBound + 1
                }
                span = max(1, narrower)
                high = low + span - 1
                logger.info(
                    "eth_getLogs range refused; narrowing",
                    metadata: ["range.from": "\(low)", "range.width": "\(width)", "range.next": "\(span)"])
            }
        }
    }
}
