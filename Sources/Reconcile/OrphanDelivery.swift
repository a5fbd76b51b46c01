public import Foundation

/// An `evm.log` delivered (2xx) for a block that is not canonical at its height, with no `evm.log.removed` delivered
/// to retract it.
public struct OrphanDelivery: Sendable, Hashable {
    public var endpointID: UUID
    /// The `evm.log` delivery's webhook id.
    public var webhookID: String
    public var blockNumber: UInt64
    public var blockHash: String
    /// The canonical block's hash at `blockNumber`.
    public var canonicalHash: String
    public var logIndex: UInt64
    /// The `evm.log.removed` webhook id that retracts it (the one the Processor would have used).
    public var removalWebhookID: String
    /// Whether `--fix` enqueued the `evm.log.removed`.
    public var enqueued = false
    /// Why `--fix` could not build the removal (the node no longer knows the orphaned block), if it failed.
    public var fixProblem: String?
}
