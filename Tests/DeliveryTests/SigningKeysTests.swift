import OpenSSL
import Testing

@testable import Delivery

/// Delivery signs with keys prepared once (`SigningKeys`, `HMACKey`): the signatures must be byte for byte those
/// of the one-shot HMAC that the reference-library vectors check.
@Suite struct SigningKeysTests {
    private let docs = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    private let pattern = "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="

    @Test func preparedKeysMatchTheReferenceLibrary() throws {
        let keys = SigningKeys()
        let header = WebhookSignature.header(
            id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: Array(#"{"test": 2432232314}"#.utf8),
            keys: [try keys.key(for: docs)])
        #expect(header == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        let rotation = WebhookSignature.header(
            id: "msg_2b6f1c0e3a9d4e5f", timestamp: 1_700_000_000, body: Array(#"{"type":"evm.log"}"#.utf8),
            keys: [try keys.key(for: docs), try keys.key(for: pattern)])
        let expected = WebhookSignature.header(
            id: "msg_2b6f1c0e3a9d4e5f", timestamp: 1_700_000_000, body: Array(#"{"type":"evm.log"}"#.utf8),
            secrets: [try WebhookSecret(parsing: docs), try WebhookSecret(parsing: pattern)])
        #expect(rotation == expected)
    }

    @Test func aPreparedKeyAuthenticatesLikeTheOneShotHMAC() {
        var random = SystemRandomNumberGenerator()
        // Key lengths around the SHA-256 block (64 bytes, beyond which the key is hashed first); messages empty to
        // several blocks.
        for keyLength in [0, 1, 24, 32, 63, 64, 65, 131] {
            let key = (0..<keyLength).map { _ in UInt8.random(in: 0...255, using: &random) }
            let prepared = HMACKey(sha256: key)
            for messageLength in [0, 1, 55, 56, 64, 937, 3_000] {
                let message = (0..<messageLength).map { _ in UInt8.random(in: 0...255, using: &random) }
                #expect(prepared.authenticationCode(for: message) == HMAC.sha256(key: key, message: message))
            }
        }
    }

    @Test func oneKeySignsFromManyTasksAtOnce() async throws {
        let key = try SigningKeys().key(for: pattern)
        let message = Array(repeating: UInt8(ascii: "x"), count: 1_000)
        let expected = HMAC.sha256(key: try WebhookSecret(parsing: pattern).key, message: message)
        let results = await withTaskGroup(of: [UInt8].self) { group in
            for _ in 0..<64 { group.addTask { key.authenticationCode(for: message) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 64)
        #expect(results.allSatisfy { $0 == expected })
    }

    @Test func aSecretIsPreparedOnceAndABadOneIsRefusedEveryTime() throws {
        let keys = SigningKeys()
        #expect(try keys.key(for: pattern) === keys.key(for: pattern))
        #expect(try keys.key(for: pattern) !== keys.key(for: docs))
        for _ in 0..<2 {
            #expect(throws: WebhookSecretError.missingPrefix) { try keys.key(for: "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw") }
        }
    }
}
