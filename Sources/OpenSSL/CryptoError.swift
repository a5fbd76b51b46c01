import COpenSSL

/// An error from the crypto wrapper: a failed OpenSSL call or input that is not strict base64.
public struct CryptoError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, as a closed set callers can switch over.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case randomUnavailable = "random bytes unavailable"
            case base64Length = "invalid base64 length"
            case base64Character = "invalid base64 character"
            case base64Padding = "invalid base64 padding"
            case base64PadBits = "non-zero base64 pad bits"
        }
        private let value: Value

        /// `RAND_bytes` could not produce bytes (the generator is not seeded or failed).
        public static let randomUnavailable = Code(value: .randomUnavailable)
        /// The base64 text's length is not a multiple of 4.
        public static let base64Length = Code(value: .base64Length)
        /// A character outside the standard base64 alphabet.
        public static let base64Character = Code(value: .base64Character)
        /// `=` somewhere other than the last one or two positions, or followed by data.
        public static let base64Padding = Code(value: .base64Padding)
        /// The bits the padding discards are not zero, so the text is not the canonical encoding.
        public static let base64PadBits = Code(value: .base64PadBits)

        public var description: String { value.rawValue }
    }

    /// What went wrong.
    public let code: Code
    /// Where in the input, for base64 errors: the offset of the offending character (or the length).
    public let offset: Int?
    /// A sentence for people: the detail behind `code`, including OpenSSL's own error text when there is one.
    public let detail: String

    public var description: String {
        if let offset { return "\(code) at offset \(offset): \(detail)" }
        return "\(code): \(detail)"
    }

    init(_ code: Code, offset: Int? = nil, detail: String) {
        self.code = code
        self.offset = offset
        self.detail = detail
    }

    /// The one place OpenSSL failures become errors: drains OpenSSL's thread-local error queue into `detail`.
    static func openSSL(_ code: Code, call: String) -> CryptoError {
        var reasons: [String] = []
        while case let error = ERR_get_error(), error != 0 {
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(error, &buffer, buffer.count)
            reasons.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        let underlying = reasons.isEmpty ? "no OpenSSL error queued" : reasons.joined(separator: "; ")
        return CryptoError(code, detail: "\(call) failed: \(underlying)")
    }
}
