import ArgumentParser

/// `evmhook endpoint …`: manage the endpoints in PostgreSQL (CONTRACT.md, "Endpoints").
struct EndpointCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "endpoint",
        abstract: "Manage endpoints: where which logs are delivered.",
        subcommands: [
            EndpointAddCommand.self, EndpointListCommand.self, EndpointShowCommand.self, EndpointUpdateCommand.self,
            EndpointEnableCommand.self, EndpointDisableCommand.self, EndpointDeleteCommand.self,
            EndpointRotateSecretCommand.self,
        ]
    )
}
