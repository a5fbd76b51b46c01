/// Why a JSON-RPC message or an Ethereum object in it could not be decoded, and which field.
public struct RPCDecodingError: Error, CustomStringConvertible {
    /// What kind of mistake: compare with the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case invalidJSON, missingField, wrongType, invalidHex, invalidValue
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The bytes are not JSON at all (an HTML error page, a truncated body).
        public static let invalidJSON = Code(.invalidJSON)
        /// A required member is absent.
        public static let missingField = Code(.missingField)
        /// A member has the wrong JSON type (a number where a hex string belongs…).
        public static let wrongType = Code(.wrongType)
        /// A hex string is malformed or has the wrong size.
        public static let invalidHex = Code(.invalidHex)
        /// The JSON is well-typed but breaks a rule (not `"2.0"`, both `result` and `error`, too many topics…).
        public static let invalidValue = Code(.invalidValue)

        public var description: String {
            switch base {
            case .invalidJSON: "not JSON"
            case .missingField: "missing field"
            case .wrongType: "wrong type"
            case .invalidHex: "invalid hex"
            case .invalidValue: "invalid value"
            }
        }
    }

    /// What went wrong.
    public let code: Code
    /// Where: a path such as `result[3].topics[1]` (empty for the whole message).
    public let field: String
    /// What was expected or found, safe to log.
    public let detail: String
    /// The error underneath (a `HexError`, a `JSONParseError`), if any.
    public let underlying: (any Error)?

    /// An error of `code` at `field`.
    public init(_ code: Code, field: String, detail: String, underlying: (any Error)? = nil) {
        self.code = code
        self.field = field
        self.detail = detail
        self.underlying = underlying
    }

    public var description: String {
        field.isEmpty ? "\(code): \(detail)" : "\(code) at \(field): \(detail)"
    }
}
