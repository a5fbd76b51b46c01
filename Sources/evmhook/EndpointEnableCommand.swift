import Admin
import ArgumentParser
import ChainKit
import Foundation
import Store

/// `evmhook endpoint enable ID`: deliveries resume (and a reason evmhook recorded for disabling it is cleared).
struct EndpointEnableCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "enable", abstract: "Enable an endpoint.")

    @OptionGroup var connection: EndpointConnectionOptions
    @OptionGroup var endpointID: EndpointIDArgument

    func run() async throws {
        try await EndpointStateChange.run(enabled: true, endpointID, connection)
    }
}

/// What `enable` and `disable` share.
enum EndpointStateChange {
    static func run(enabled: Bool, _ endpointID: EndpointIDArgument, _ connection: EndpointConnectionOptions)
        async throws
    {
        let id = try endpointID.uuid()
        _ = try await connection.withOperations { try await $0.setEnabled(id, enabled) }
        let lowercased = id.uuidString.lowercased()
        if connection.json {
            EndpointOutput.print(["id": .string(lowercased), "enabled": .bool(enabled)])
        } else {
            print("\(enabled ? "enabled" : "disabled") \(lowercased)")
        }
    }
}
