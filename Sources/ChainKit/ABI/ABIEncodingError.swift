/// Why values could not be encoded as the given types; the description names the value by its path.
public struct ABIEncodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of problem, stable for programs to match on.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: Hashable, Sendable {
            case typeMismatch, outOfRange, wrongCount
        }
        private let kind: Kind

        /// The value's case does not fit the type (a string given for a `uint256`, …).
        public static let typeMismatch = Code(kind: .typeMismatch)
        /// An integer too wide for its `uint<M>`/`int<M>`, or a `bytes<M>` of the wrong length.
        public static let outOfRange = Code(kind: .outOfRange)
        /// A tuple, fixed-length array or argument list given the wrong number of values.
        public static let wrongCount = Code(kind: .wrongCount)

        public var description: String {
            switch kind {
            case .typeMismatch: "value does not match its type"
            case .outOfRange: "value out of range"
            case .wrongCount: "wrong number of values"
            }
        }
    }

    /// What kind of problem this is.
    public let code: Code
    /// The ABI type that was being encoded.
    public let type: ABIType
    /// Where the value sits: argument and element indices from the outside in (`[2, 0]` = argument 2, element 0).
    public internal(set) var path: [Int]

    init(_ code: Code, type: ABIType) {
        self.code = code
        self.type = type
        self.path = []
    }

    public var description: String {
        "\(code) for \(type) at value " + (path.isEmpty ? "(top)" : path.map { "[\($0)]" }.joined())
    }
}
