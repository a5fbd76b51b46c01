import TestSupport
import Testing

/// `evmhook verify` against a delivery signed by the PyPI `standardwebhooks` library (the example of the Svix
/// documentation), run as the built binary with the body on standard input.
@Suite struct VerifyCommandTests {
    private let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    private let id = "msg_p5jXN8AQM9LWM0D4loKWxJek"
    private let timestamp = "1614265330"
    private let body = Array(#"{"test": 2432232314}"#.utf8)
    private let signature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    /// The example is from 2021: a tolerance reaching back that far lets its signature be checked today.
    private let wideTolerance = ["--tolerance", "2000000000"]

    private func verify(signature: String? = nil, secret: String? = nil, body: [UInt8]? = nil, extra: [String] = [])
        async throws -> EvmhookBinary.Result
    {
        try await EvmhookBinary.run(
            [
                "verify", "--secret", secret ?? self.secret, "--id", id, "--timestamp", timestamp,
                "--signature", signature ?? self.signature,
            ] + extra,
            input: body ?? self.body
        )
    }

    @Test func aValidDeliveryExitsZero() async throws {
        let result = try await verify(extra: wideTolerance)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "valid\n")
    }

    @Test func anyOfSeveralSignaturesMayMatchAsDuringARotation() async throws {
        let rotated = "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= " + signature
        #expect(try await verify(signature: rotated, extra: wideTolerance).status == 0)
    }

    @Test func aTamperedBodyExitsOne() async throws {
        let result = try await verify(body: Array(#"{"test": 2432232315}"#.utf8), extra: wideTolerance)
        #expect(result.status == 1)
        #expect(result.stderr.contains("invalid"))
    }

    @Test func aStaleTimestampExitsOne() async throws {
        let result = try await verify()
        #expect(result.status == 1)
        #expect(result.stderr.contains("timestamp"))
    }

    @Test(arguments: ["MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_###"])
    func aMalformedSecretExitsTwoWithoutEchoingIt(secret: String) async throws {
        let result = try await verify(secret: secret, extra: wideTolerance)
        #expect(result.status == 2)
        #expect(result.stderr.contains("--secret"))
        #expect(!result.stderr.contains("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
    }

    @Test func aMissingOptionExitsTwo() async throws {
        let result = try await EvmhookBinary.run(["verify", "--secret", secret], input: body)
        #expect(result.status == 2)
    }
}
