public import ChainKit
public import Foundation

/// One event in the stream: a log the Ingestor saw on the canonical chain, a log a reorg removed, or a log re-emitted
/// by `evmhook replay`. It carries everything the webhook body needs, so the Processor never calls the node.
public struct StreamEntry: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        /// A log of a canonical block, emitted once.
        case log
        /// A log emitted earlier whose block a reorg orphaned; becomes `evm.log.removed`.
        case removed
        /// A log re-emitted by a backfill; not deduplicated, gets replay-specific webhook ids.
        case replay
    }

    /// What a `replay` entry belongs to.
    public struct Replay: Sendable, Hashable {
        /// The replay's id (one per `evmhook replay` run); part of the webhook ids it produces.
        public var id: String
        /// When set, only this endpoint receives the entry (if its filter matches).
        public var endpoint: UUID?

        public init(id: String, endpoint: UUID?) {
            self.id = id
            self.endpoint = endpoint
        }
    }

    public var kind: Kind
    public var chainID: UInt64
    /// The log; `blockTimestamp` is always set, and `removed` is true exactly for `.removed`.
    public var log: Log
    /// Set exactly for `.replay`.
    public var replay: Replay?

    public init(kind: Kind, chainID: UInt64, log: Log, replay: Replay? = nil) {
        precondition((kind == .replay) == (replay != nil), "a replay entry needs its replay, and only it")
        precondition(log.blockTimestamp != nil, "stream entries carry the block timestamp")
        self.kind = kind
        self.chainID = chainID
        self.log = log
        self.replay = replay
        self.log.removed = kind == .removed
    }

    /// The block timestamp (unix seconds).
    public var blockTimestamp: UInt64 { log.blockTimestamp ?? 0 }
}
