import Admin
import ArgumentParser
import Delivery
import Foundation
import Store

/// `evmhook endpoint rotate-secret ID`: a new secret, printed once; the old one keeps signing for `--grace`.
struct EndpointRotateSecretCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate-secret",
        abstract: "Give an endpoint a new secret (printed once); deliveries carry both signatures during the grace."
    )

    @OptionGroup var connection: EndpointConnectionOptions
    @OptionGroup var endpointID: EndpointIDArgument

    @Option(help: "How long the previous secret stays valid, e.g. 24h, 30m, 0s.")
    var grace = "24h"

    @Option(help: "The new secret, whsec_ + base64 of 24–64 bytes (default: generated).")
    var secret: String?

    func run() async throws {
        let id = try endpointID.uuid()
        guard let graceDuration = DurationText.parse(grace) else {
            throw InputError(description: "--grace: '\(grace)' is not a duration such as 24h, 30m or 0s")
        }
        let secret = self.secret
        let rotated = try await connection.withOperations {
            try await $0.rotateSecret(id, secret: secret, grace: graceDuration)
        }
        let validUntil = rotated.previousSecretExpiresAt ?? Date()
        if connection.json {
            EndpointOutput.print(rotated.json(includingSecret: true))
        } else {
            print("id: \(rotated.id.uuidString.lowercased())")
            print("secret: \(rotated.secret)")
            print("previous secret valid until: \(Date.ISO8601FormatStyle().format(validUntil))")
        }
    }
}
