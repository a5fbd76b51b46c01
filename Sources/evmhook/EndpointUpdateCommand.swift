import ArgumentParser
import ChainKit
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
        let settings = Settings(environment: ProcessInfo.processInfo.environment)
        let updated = try await connection.withStore { store in
            guard var endpoint = try await store.find(id) else { throw endpointID.notFound() }
            if anyAddress { endpoint.filter.addresses = [] }
            if anyTopic { endpoint.filter.topics = [] }
            if noEvents {
                let derived = EndpointFieldOptions.topic0s(of: endpoint.events)
                if !derived.isEmpty && endpoint.filter.topics.first == derived { endpoint.filter.topics[0] = [] }
                // Only wildcards left would still demand topics of a log: no positions at all is what "any" means.
                if endpoint.filter.topics.allSatisfy(\.isEmpty) { endpoint.filter.topics = [] }
                endpoint.events = []
            }
            try await fields.apply(to: &endpoint, allowPrivateTargets: settings.allowPrivateTargets)
            guard try await store.update(endpoint), let stored = try await store.find(id) else {
                throw endpointID.notFound()
            }
            return stored
        }
        if connection.json {
            EndpointOutput.print(updated.json())
        } else {
            EndpointOutput.details(updated)
        }
    }
}
