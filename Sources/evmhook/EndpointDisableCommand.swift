import ArgumentParser

/// `evmhook endpoint disable ID`: no new jobs for it; jobs already queued are still delivered.
struct EndpointDisableCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disable", abstract: "Disable an endpoint: its filter stops matching at once.")

    @OptionGroup var connection: EndpointConnectionOptions
    @OptionGroup var endpointID: EndpointIDArgument

    func run() async throws {
        try await EndpointStateChange.run(enabled: false, endpointID, connection)
    }
}
