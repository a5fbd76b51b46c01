public import Foundation

/// A (endpoint, canonical log) the Processor's matching says was due and no attempt delivered with a 2xx.
public struct MissingDelivery: Sendable, Hashable {
    /// Where the job is, as far as Redis and the dead letters tell.
    public enum State: String, Sendable, CaseIterable {
        /// In the jobs list, the retry set or a worker's processing list: Delivery will get to it.
        case pending
        /// In `dead_letters`: Delivery gave up.
        case deadLettered = "dead_lettered"
        /// Nowhere: never enqueued, or its records were lost.
        case absent
    }

    public var endpointID: UUID
    public var webhookID: String
    public var blockNumber: UInt64
    public var blockHash: String
    public var logIndex: UInt64
    public var state: State
    /// Whether `--fix` put it on the jobs list (pending ones are left where they are).
    public var enqueued = false
}
