import ArgumentParser
import Store

/// `evmhook endpoint show ID`: one endpoint, without its secret.
struct EndpointShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one endpoint.")

    @OptionGroup var connection: EndpointConnectionOptions
    @OptionGroup var endpointID: EndpointIDArgument

    func run() async throws {
        let id = try endpointID.uuid()
        guard let endpoint = try await connection.withStore({ store in try await store.find(id) }) else {
            throw endpointID.notFound()
        }
        if connection.json {
            EndpointOutput.print(endpoint.json())
        } else {
            EndpointOutput.details(endpoint)
        }
    }
}
