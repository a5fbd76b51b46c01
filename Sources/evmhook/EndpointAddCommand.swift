import ArgumentParser
import Delivery
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
        guard fields.url != nil else { throw InputError(description: "--url: required") }
        guard fields.chain != nil else { throw InputError(description: "--chain: required") }
        let settings = Settings(environment: ProcessInfo.processInfo.environment)
        var endpoint = Endpoint(url: "", chainID: 1, secret: try WebhookSecret.generate().encoded, enabled: !disabled)
        try await fields.apply(to: &endpoint, allowPrivateTargets: settings.allowPrivateTargets)
        let created = endpoint
        try await connection.withStore { store in try await store.insert(created) }
        if connection.json {
            EndpointOutput.print(created.json(includingSecret: true))
        } else {
            print("id: \(created.id.uuidString.lowercased())")
            print("secret: \(created.secret)")
        }
    }
}
