/// Why an ABI type, event signature or JSON ABI could not be read; its description names what and where.
public struct ABIParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of problem, stable for programs to match on.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: Hashable, Sendable {
            case invalidType, invalidSignature, invalidJSONABI
        }
        private let kind: Kind

        /// A type string that is not a supported ABI type (`uint7`, `bytes33`, `(uint256`, …).
        public static let invalidType = Code(kind: .invalidType)
        /// A human-readable event signature that does not follow the grammar.
        public static let invalidSignature = Code(kind: .invalidSignature)
        /// A JSON ABI file or fragment of the wrong shape (missing `name`, `components` not matching, …).
        public static let invalidJSONABI = Code(kind: .invalidJSONABI)

        public var description: String {
            switch kind {
            case .invalidType: "invalid ABI type"
            case .invalidSignature: "invalid event signature"
            case .invalidJSONABI: "invalid JSON ABI"
            }
        }
    }

    /// What kind of problem this is.
    public let code: Code
    /// What is wrong, in words.
    public let reason: String
    /// Offset (in UTF-8 bytes) into the parsed text where the problem was found, when it comes from a text.
    public let position: Int?

    /// Makes an error; `position` is a UTF-8 offset into the parsed text.
    public init(_ code: Code, _ reason: String, position: Int? = nil) {
        self.code = code
        self.reason = reason
        self.position = position
    }

    public var description: String {
        if let position {
            return "\(code): \(reason) (at offset \(position))"
        }
        return "\(code): \(reason)"
    }
}
