import ArgumentParser
import Foundation

/// Ingestor, Processor, Delivery and the admin API in one process (`evmhook run`, `evmhook dev`), each configured as
/// its own command would be from the same arguments, with one shutdown: the first signal, or the first service to
/// fail, stops all.
struct ServiceSet: Sendable {
    var ingest: IngestCommand
    var process: ProcessCommand
    var deliver: DeliverCommand
    var api: ApiCommand

    /// Parses each service's arguments as its command would (so validation and errors are the same).
    init(ingest: [String], process: [String], deliver: [String], api: [String]) throws {
        self.ingest = try IngestCommand.parse(ingest)
        self.process = try ProcessCommand.parse(process)
        self.deliver = try DeliverCommand.parse(deliver)
        self.api = try ApiCommand.parse(api)
        try self.process.validate()
        try self.deliver.validate()
    }

    /// Runs the four until `latch` fires or one of them throws (then the others are stopped and the error rethrown).
    func run(latch: ShutdownLatch) async throws {
        let services: [@Sendable (Shutdown) async throws -> Void] = [
            { [ingest] in try await ingest.run(until: $0) },
            { [process] in try await process.run(until: $0) },
            { [deliver] in try await deliver.run(until: $0) },
            { [api, ingest] in try await api.run(until: $0, ingesting: ingest.node) },
        ]
        try await withThrowingTaskGroup(of: Void.self) { group in
            for service in services {
                group.addTask {
                    defer { latch.fire() }
                    try await service(.latch(latch))
                }
            }
            try await group.waitForAll()
        }
    }
}
