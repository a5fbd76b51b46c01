import Admin
import ArgumentParser
import Foundation
import Store

/// `evmhook endpoint update ID`: changes the fields given, keeps the others.
struct EndpointUpdateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Change an endpoint's fields; the ones not given stay. Lists given (addresses, topics, events) "
            + "replace the stored ones."
    )

    @OptionGroup var connection: EndpointConnectionOptions
    @OptionGroup var endpointID: EndpointIDArgument
    @OptionGroup var fields: EndpointFieldOptions

    @Flag(name: .customLong("any-address"), help: "Match every contract (clears the addresses).")
    var anyAddress = false

    @Flag(name: .customLong("any-topic"), help: "Clear every topic position.")
    var anyTopic = false

    @Flag(name: .customLong("no-events"), help: "Forget the events (and the topic 0 they set).")
    var noEvents = false

    /// Not offered (a secret changes by rotation), but taken so that the refusal points to `rotate-secret`, as
    /// the API's does, instead of calling the option unknown.
    @Option(help: .hidden)
    var secret: String?

    func run() async throws {
        let id = try endpointID.uuid()
        if anyAddress && !fields.addresses.isEmpty {
            throw InputError(description: "--any-address: cannot be combined with --address")
        }
        if anyTopic && !fields.topics.isEmpty {
            throw InputError(description: "--any-topic: cannot be combined with --topic")
        }
        if noEvents && !(fields.events.isEmpty && fields.abiFiles.isEmpty) {
            throw InputError(description: "--no-events: cannot be combined with --event or --abi")
        }
        var input = try fields.input()
        if anyAddress { input.addresses = [] }
        if anyTopic { input.topics = [] }
        if noEvents { input.events = [] }
        input.secret = secret
        let update = input
        let updated = try await connection.withOperations { try await $0.update(id, update) }
        if connection.json {
            EndpointOutput.print(updated.json())
        } else {
            EndpointOutput.details(updated)
        }
    }
}
