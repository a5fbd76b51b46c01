/// A log decoded with an event's ABI: one argument per input, in declaration order.
public struct DecodedEvent: Hashable, Sendable {
    /// One decoded input.
    public struct Argument: Hashable, Sendable {
        /// What the argument holds.
        public enum Value: Hashable, Sendable {
            /// The value itself (non-indexed inputs, and indexed value types read from their topic).
            case value(ABIValue)
            /// An indexed string, bytes, array or tuple: only the Keccak-256 of its encoding is in the log.
            case hashed(Hash32)
        }

        /// The input this argument decodes.
        public let parameter: ABIParameter
        /// The decoded value, or the topic hash standing for it.
        public let value: Value
    }

    /// The event the log was decoded with.
    public let event: ABIEvent
    /// The arguments, in the event's declaration order.
    public let arguments: [Argument]
}
