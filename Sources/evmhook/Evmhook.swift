import ArgumentParser

/// The root of the `evmhook` command; one file per subcommand beside this one.
struct Evmhook: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evmhook",
        abstract: "Deliver EVM logs to HTTP endpoints as signed webhooks, at least once.",
        version: EvmhookVersion.current,
        subcommands: [
            Migrate.self, DevChainCommand.self, VerifyCommand.self, IngestCommand.self, ReplayCommand.self,
            EndpointCommand.self, ProcessCommand.self, DeliverCommand.self, DLQCommand.self, ReconcileCommand.self,
            RunCommand.self, DevCommand.self, ApiCommand.self, ApiKeyCommand.self,
        ]
    )
}
