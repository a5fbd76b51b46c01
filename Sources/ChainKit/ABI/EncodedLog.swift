/// A log's topics and data as an event emits them.
public struct EncodedLog: Hashable, Sendable {
    /// topic0 (unless anonymous), then one topic per indexed input.
    public let topics: [Hash32]
    /// The ABI encoding of the non-indexed inputs.
    public let data: [UInt8]
}
