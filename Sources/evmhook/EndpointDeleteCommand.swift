import Admin
import ArgumentParser
import ChainKit
import Foundation
import Store

/// `evmhook endpoint delete ID`.
struct EndpointDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete an endpoint.")

    @OptionGroup var connection: EndpointConnectionOptions
    @OptionGroup var endpointID: EndpointIDArgument

    func run() async throws {
        let id = try endpointID.uuid()
        try await connection.withOperations { try await $0.delete(id) }
        let lowercased = id.uuidString.lowercased()
        if connection.json {
            EndpointOutput.print(["id": .string(lowercased), "deleted": true])
        } else {
            print("deleted \(lowercased)")
        }
    }
}
