import Admin
import ArgumentParser
import Foundation
import Store

/// `evmhook endpoint add`: registers an endpoint and prints its id and secret, once.
struct EndpointAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Register an endpoint; prints its id and its secret (shown this once)."
    )

    @OptionGroup var connection: EndpointConnectionOptions
    @OptionGroup var fields: EndpointFieldOptions

    @Option(help: "The signing secret, whsec_ + base64 of 24–64 bytes (default: generated).")
    var secret: String?

    @Flag(help: "Register it disabled.")
    var disabled = false

    func run() async throws {
        var input = try fields.input()
        input.secret = secret
        let create = input
        let created = try await connection.withOperations { try await $0.create(create, enabled: !disabled) }
        if connection.json {
            EndpointOutput.print(created.json(includingSecret: true))
        } else {
            print("id: \(created.id.uuidString.lowercased())")
            print("secret: \(created.secret)")
        }
    }
}
