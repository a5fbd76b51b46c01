import OpenSSL
import Threading

/// Endpoint secrets ready to sign with: each `whsec_…` text is parsed and its HMAC key prepared once, instead of on
/// every delivery (parsing and keying cost more than signing a 1 KiB body).
final class SigningKeys: Sendable {
    private let prepared = Guarded<[String: HMACKey]>([:])

    /// Secrets kept prepared at most; beyond (rotations over a long life), the cache starts again.
    private static let limit = 10_000

    /// The prepared key of `text`.
    ///
    /// - Throws: `WebhookSecretError` when the text is not a valid secret (nothing is cached then).
    func key(for text: String) throws(WebhookSecretError) -> HMACKey {
        if let key = prepared.withLock({ $0[text] }) { return key }
        let key = HMACKey(sha256: try WebhookSecret(parsing: text).key)
        prepared.withLock { keys in
            if keys.count >= Self.limit { keys.removeAll() }
            keys[text] = key
        }
        return key
    }
}
