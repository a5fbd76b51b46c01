import Delivery
import Testing

/// Vectors computed by the PyPI `standardwebhooks` library (`Webhook(secret).sign(id, timestamp, body)`), an
/// independent implementation of the specification.
@Suite struct WebhookSignatureTests {
    private let docsSecret = try! WebhookSecret(parsing: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
    private let patternSecret = try! WebhookSecret(parsing: "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")

    @Test func matchesTheReferenceLibrary() {
        let docs = WebhookSignature.header(
            id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: Array(#"{"test": 2432232314}"#.utf8),
            secrets: [docsSecret]
        )
        #expect(docs == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        let ours = WebhookSignature.header(
            id: "msg_2b6f1c0e3a9d4e5f", timestamp: 1_700_000_000, body: Array(#"{"type":"evm.log"}"#.utf8),
            secrets: [patternSecret]
        )
        #expect(ours == "v1,jcnk/K9bbgf4zo0hbNLluw/FTzsvSZ8uHv3Reb7zrnc=")
    }

    @Test func aRotationSendsBothSignaturesAndEitherSecretVerifies() throws {
        let body = Array(#"{"type":"evm.log"}"#.utf8)
        let header = WebhookSignature.header(
            id: "msg_2b6f1c0e3a9d4e5f", timestamp: 1_700_000_000, body: body, secrets: [docsSecret, patternSecret]
        )
        #expect(header.split(separator: " ").count == 2)
        for secret in [docsSecret, patternSecret] {
            try WebhookSignature.verify(
                id: "msg_2b6f1c0e3a9d4e5f", timestamp: 1_700_000_000, body: body, header: header, secret: secret,
                now: 1_700_000_010
            )
        }
    }

    @Test func tamperingOrStalenessFailsVerification() {
        let body = Array(#"{"type":"evm.log"}"#.utf8)
        let header = WebhookSignature.header(
            id: "msg_1", timestamp: 1_700_000_000, body: body, secrets: [patternSecret])
        #expect(throws: WebhookVerificationError.noMatchingSignature) {
            try WebhookSignature.verify(
                id: "msg_1", timestamp: 1_700_000_000, body: body + [0x20], header: header, secret: patternSecret,
                now: 1_700_000_000
            )
        }
        #expect(throws: WebhookVerificationError.noMatchingSignature) {
            try WebhookSignature.verify(
                id: "msg_2", timestamp: 1_700_000_000, body: body, header: header, secret: patternSecret,
                now: 1_700_000_000
            )
        }
        #expect(throws: WebhookVerificationError.noMatchingSignature) {
            try WebhookSignature.verify(
                id: "msg_1", timestamp: 1_700_000_000, body: body, header: header, secret: docsSecret,
                now: 1_700_000_000
            )
        }
        #expect(throws: WebhookVerificationError.timestampOutOfTolerance(-301)) {
            try WebhookSignature.verify(
                id: "msg_1", timestamp: 1_700_000_000, body: body, header: header, secret: patternSecret,
                now: 1_699_999_699
            )
        }
    }

    @Test(arguments: [
        "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_not base64!", "whsec_AAAA",
        "whsec_" + String(repeating: "A", count: 100),
    ])
    func malformedSecretsAreRefused(text: String) {
        #expect(throws: WebhookSecretError.self) { try WebhookSecret(parsing: text) }
    }

    @Test func generatedSecretsRoundTripAndNeverPrint() throws {
        let secret = try WebhookSecret.generate()
        #expect(secret.key.count == 32)
        #expect(try WebhookSecret(parsing: secret.encoded) == secret)
        #expect(try WebhookSecret.generate() != secret)
        #expect("\(secret)" == "whsec_[redacted]")
        #expect(!"\(secret)".contains(secret.encoded.dropFirst(6)))
    }
}
