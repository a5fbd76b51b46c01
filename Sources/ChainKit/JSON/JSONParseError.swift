/// Why a JSON text was refused, and the byte offset where the parser stopped.
public struct JSONParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of mistake: compare with the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case unexpectedEnd, unexpectedByte, invalidNumber, invalidString, invalidEscape, invalidUTF8
            case controlCharacterInString, loneSurrogate, tooDeep, trailingContent
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The text ended inside a value.
        public static let unexpectedEnd = Code(.unexpectedEnd)
        /// A byte that cannot start or continue a value here.
        public static let unexpectedByte = Code(.unexpectedByte)
        /// A number that breaks RFC 8259's grammar (leading zeros, `1.`, `+1`, `.5`…).
        public static let invalidNumber = Code(.invalidNumber)
        /// An unterminated string.
        public static let invalidString = Code(.invalidString)
        /// A backslash escape RFC 8259 does not define.
        public static let invalidEscape = Code(.invalidEscape)
        /// Bytes that are not UTF-8.
        public static let invalidUTF8 = Code(.invalidUTF8)
        /// A raw control character (below U+0020) inside a string.
        public static let controlCharacterInString = Code(.controlCharacterInString)
        /// A `\u` escape of half a surrogate pair.
        public static let loneSurrogate = Code(.loneSurrogate)
        /// Arrays and objects nested deeper than the limit.
        public static let tooDeep = Code(.tooDeep)
        /// Something other than whitespace after the value.
        public static let trailingContent = Code(.trailingContent)

        public var description: String {
            switch base {
            case .unexpectedEnd: "unexpected end of input"
            case .unexpectedByte: "unexpected character"
            case .invalidNumber: "invalid number"
            case .invalidString: "unterminated string"
            case .invalidEscape: "invalid escape sequence"
            case .invalidUTF8: "invalid UTF-8"
            case .controlCharacterInString: "control character in string"
            case .loneSurrogate: "unpaired UTF-16 surrogate escape"
            case .tooDeep: "nesting too deep"
            case .trailingContent: "content after the JSON value"
            }
        }
    }

    /// What went wrong.
    public let code: Code
    /// The byte offset in the input.
    public let offset: Int

    /// An error of `code` at `offset`.
    public init(_ code: Code, at offset: Int) {
        self.code = code
        self.offset = offset
    }

    public var description: String { "invalid JSON: \(code) at byte \(offset)" }
}
