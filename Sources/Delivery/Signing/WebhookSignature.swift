import OpenSSL

/// Signs and verifies deliveries as the Standard Webhooks specification says, so any off-the-shelf verifier
/// (`standardwebhooks`, `svix`) accepts them: `v1,` + base64 HMAC-SHA256(key, "{id}.{timestamp}.{body}").
public enum WebhookSignature {
    /// The `webhook-signature` header: one `v1,…` per secret, space-separated (both during a rotation).
    public static func header(id: String, timestamp: Int64, body: [UInt8], secrets: [WebhookSecret]) -> String {
        let message = signedContent(id: id, timestamp: timestamp, body: body)
        return secrets.map { "v1," + Base64.encode(HMAC.sha256(key: $0.key, message: message)) }
            .joined(separator: " ")
    }

    /// The same header, signed with keys prepared once (`SigningKeys`): what delivery sends for every attempt.
    static func header(id: String, timestamp: Int64, body: [UInt8], keys: [HMACKey]) -> String {
        let message = signedContent(id: id, timestamp: timestamp, body: body)
        return keys.map { "v1," + Base64.encode($0.authenticationCode(for: message)) }.joined(separator: " ")
    }

    /// Checks a delivery as a receiver does: the timestamp within `tolerance` of `now`, and one of the header's
    /// `v1` signatures equal (in constant time) to ours.
    public static func verify(
        id: String, timestamp: Int64, body: [UInt8], header: String, secret: WebhookSecret, now: Int64,
        tolerance: Int64 = 300
    ) throws(WebhookVerificationError) {
        guard abs(now - timestamp) <= tolerance else { throw .timestampOutOfTolerance(now - timestamp) }
        let expected = HMAC.sha256(key: secret.key, message: signedContent(id: id, timestamp: timestamp, body: body))
        for candidate in header.split(separator: " ") {
            let parts = candidate.split(separator: ",", maxSplits: 1)
            guard parts.count == 2, parts[0] == "v1", let signature = try? Base64.decode(String(parts[1])) else {
                continue
            }
            if ConstantTime.equals(signature, expected) { return }
        }
        throw .noMatchingSignature
    }

    private static func signedContent(id: String, timestamp: Int64, body: [UInt8]) -> [UInt8] {
        // One allocation of the final size: the body is most of it, and this runs for every attempt.
        var content: [UInt8] = []
        content.reserveCapacity(id.utf8.count + 22 + body.count)
        content += id.utf8
        content.append(UInt8(ascii: "."))
        content += String(timestamp).utf8
        content.append(UInt8(ascii: "."))
        content += body
        return content
    }
}

/// Why a delivery did not verify.
public enum WebhookVerificationError: Error, Equatable, CustomStringConvertible {
    case timestampOutOfTolerance(Int64)
    case noMatchingSignature

    public var description: String {
        switch self {
        case .timestampOutOfTolerance(let skew): "webhook-timestamp is \(skew) s away from now (tolerance 300 s)"
        case .noMatchingSignature: "no v1 signature in webhook-signature matches the secret"
        }
    }
}
