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

    @Flag(help: "Register it disabled.")
    var disabled = false

    func run() async throws {
        let input = try fields.input()
        let created = try await connection.withOperations { try await $0.create(input, enabled: !disabled) }
        if connection.json {
            EndpointOutput.print(created.json(includingSecret: true))
        } else {
            print("id: \(created.id.uuidString.lowercased())")
            print("secret: \(created.secret)")
        }
    }
}
