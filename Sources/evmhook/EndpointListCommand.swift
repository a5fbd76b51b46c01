import Admin
import ArgumentParser
import ChainKit
import Store

/// `evmhook endpoint list`: every endpoint, oldest first.
struct EndpointListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List endpoints, oldest first.")

    @OptionGroup var connection: EndpointConnectionOptions

    @Option(name: .customLong("chain"), help: "Only endpoints of this chain.")
    var chain: String?

    @Flag(name: .customLong("enabled"), help: "Only enabled endpoints.")
    var onlyEnabled = false

    func run() async throws {
        let chainID: UInt64?
        do {
            chainID = try chain.map(EndpointInput.chainID)
        } catch let error as FieldError {
            throw EndpointFieldOptions.inputError(error)
        }
        let enabled: Bool? = onlyEnabled ? true : nil
        let endpoints = try await connection.withStore { store in
            try await store.list(chainID: chainID, enabled: enabled)
        }
        if connection.json {
            EndpointOutput.print(.array(endpoints.map { $0.json() }))
        } else {
            EndpointOutput.table(endpoints)
        }
    }
}
