import OpenSSL

/// An endpoint's signing secret: `whsec_` + base64 of 24–64 random bytes (CONTRACT.md).
///
/// Its `description` is redacted, so a secret that reaches a log line or an error message shows nothing.
public struct WebhookSecret: Sendable, Equatable, CustomStringConvertible {
    static let prefix = "whsec_"
    /// The HMAC key: the base64-decoded part after `whsec_`.
    public let key: [UInt8]

    /// Parses `whsec_<base64>`; errors name what is wrong, never the secret itself.
    public init(parsing text: String) throws(WebhookSecretError) {
        guard text.hasPrefix(Self.prefix) else { throw .missingPrefix }
        let key: [UInt8]
        do {
            key = try Base64.decode(String(text.dropFirst(Self.prefix.count)))
        } catch {
            throw .notBase64(error.description)
        }
        guard (24...64).contains(key.count) else { throw .wrongLength(key.count) }
        self.key = key
    }

    /// A new secret of `byteCount` random bytes (32 unless an endpoint asks otherwise).
    public static func generate(byteCount: Int = 32) throws -> WebhookSecret {
        try WebhookSecret(parsing: prefix + Base64.encode(try SecureRandom.bytes(count: byteCount)))
    }

    /// The text form users store and receivers configure. Print it only where the contract says (once, on create
    /// and rotate).
    public var encoded: String { Self.prefix + Base64.encode(key) }

    public var description: String { "whsec_[redacted]" }
}

/// Why a secret was refused.
public enum WebhookSecretError: Error, Equatable, CustomStringConvertible {
    case missingPrefix
    case notBase64(String)
    case wrongLength(Int)

    public var description: String {
        switch self {
        case .missingPrefix: "secret must start with whsec_"
        case .notBase64(let why): "secret after whsec_ must be base64: \(why)"
        case .wrongLength(let count): "secret must decode to 24–64 bytes, not \(count)"
        }
    }
}
