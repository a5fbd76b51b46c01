import ArgumentParser
import Delivery
import Foundation

/// `evmhook verify`: checks a delivery as a receiver would, with the body on standard input (CONTRACT.md).
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a webhook's signature (body on stdin); exit 0 when valid, 1 when not, 2 on bad arguments."
    )

    @Option(help: "The endpoint's secret (whsec_…).")
    var secret: String

    @Option(help: "The webhook-id header.")
    var id: String

    @Option(help: "The webhook-timestamp header (unix seconds).")
    var timestamp: Int64

    @Option(help: "The webhook-signature header (one or more v1,… separated by spaces).")
    var signature: String

    @Option(help: "Seconds the timestamp may be away from now.")
    var tolerance: Int64 = 300

    func run() async throws {
        let key: WebhookSecret
        do {
            key = try WebhookSecret(parsing: secret)
        } catch {
            throw InputError(description: "--secret: \(error)")
        }
        let body = Array(FileHandle.standardInput.readDataToEndOfFile())
        do {
            try WebhookSignature.verify(
                id: id, timestamp: timestamp, body: body, header: signature, secret: key,
                now: Int64(Date().timeIntervalSince1970), tolerance: tolerance
            )
        } catch {
            throw VerificationFailed(description: "invalid: \(error)")
        }
        print("valid")
    }
}

/// The signature did not verify: the answer is "no" (exit 1), not a usage error.
struct VerificationFailed: Error, CustomStringConvertible {
    let description: String
}
