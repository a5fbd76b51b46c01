import Delivery
import Foundation
import LibPQ
import Logging
import SampleReceiver
import Store

/// The endpoint `evmhook dev` registers: every log of the chain, delivered to the built-in receiver. Deleted again on
/// exit, so a configured database does not collect dead sample endpoints.
struct SampleEndpoint: Sendable {
    let id: UUID
    let receiver: SampleReceiver
    private let databaseURL: String
    private let logger: Logger

    static func start(databaseURL: String, chainID: UInt64, logger: Logger) async throws -> SampleEndpoint {
        let secret = try WebhookSecret.generate()
        let receiver = try await SampleReceiver.start(secret: secret, logger: logger) { line in
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
        let connection = try await PostgresConnection.connect(url: databaseURL, logger: logger)
        defer { Task { await connection.close() } }
        let endpoint = try await EndpointStore(connection: connection).insert(
            Endpoint(
                url: receiver.url, chainID: chainID, secret: secret.encoded,
                description: "evmhook dev: the built-in sample receiver"))
        return SampleEndpoint(id: endpoint.id, receiver: receiver, databaseURL: databaseURL, logger: logger)
    }

    func stop() async {
        await receiver.stop()
        guard let connection = try? await PostgresConnection.connect(url: databaseURL, logger: logger) else { return }
        _ = try? await EndpointStore(connection: connection).delete(id)
        await connection.close()
    }
}
