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
        guard try await connection.withStore({ store in try await store.delete(id) }) else {
            throw endpointID.notFound()
        }
        let lowercased = id.uuidString.lowercased()
        if connection.json {
            EndpointOutput.print(["id": .string(lowercased), "deleted": true])
        } else {
            print("deleted \(lowercased)")
        }
    }
}
