/// Why bytes (or a log) do not decode strictly as the given types; the description says what and at which byte.
public struct ABIDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of problem, stable for programs to match on.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: Hashable, Sendable {
            case insufficientData, invalidOffset, nonZeroPadding, invalidUTF8, amplification, invalidType
            case topicCount, topic0Mismatch
        }
        private let kind: Kind

        /// A word, a length or an element count reaches past the end of the data (eth-abi: InsufficientDataBytes).
        public static let insufficientData = Code(kind: .insufficientData)
        /// An offset points into the head it belongs to or past the end (eth-abi: InvalidPointer).
        public static let invalidOffset = Code(kind: .invalidOffset)
        /// Bits outside the type's width are set, a bool is not 0/1, or padding after bytes is dirty (eth-abi:
        /// NonEmptyPaddingBytes).
        public static let nonZeroPadding = Code(kind: .nonZeroPadding)
        /// A `string` whose bytes are not valid UTF-8.
        public static let invalidUTF8 = Code(kind: .invalidUTF8)
        /// Overlapping offsets make the decoded values larger than the data itself.
        public static let amplification = Code(kind: .amplification)
        /// The type list itself is unusable (empty tuple, zero-length array, bad width, too deep).
        public static let invalidType = Code(kind: .invalidType)
        /// A log has a different number of topics than the event's indexed inputs call for.
        public static let topicCount = Code(kind: .topicCount)
        /// A log's topic0 is not the event's signature hash.
        public static let topic0Mismatch = Code(kind: .topic0Mismatch)

        public var description: String {
            switch kind {
            case .insufficientData: "insufficient data"
            case .invalidOffset: "invalid offset"
            case .nonZeroPadding: "non-zero padding"
            case .invalidUTF8: "invalid UTF-8 in string"
            case .amplification: "decoded size exceeds the data size"
            case .invalidType: "invalid type"
            case .topicCount: "wrong number of topics"
            case .topic0Mismatch: "topic0 does not match the event"
            }
        }
    }

    /// What kind of problem this is.
    public let code: Code
    /// Details: the type being read and the byte offset, or the topic counts.
    public let reason: String

    init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(code): \(reason)" }
}
