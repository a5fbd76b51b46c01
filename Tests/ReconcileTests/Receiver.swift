import Curl
import Foundation
import Logging
import TestSupport

/// `Tests/Servers/webhook_receiver.py`: answers each path as configured and logs every delivery.
final class Receiver: Sendable {
    /// One delivery as the receiver logged it.
    struct Delivery: Decodable, Sendable {
        let path: String
        let id: String?
        let status: Int
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let port: Int
    private let process: ChildProcess
    private let client: HTTPClient

    init() async throws {
        let script = TestEnvironment.repositoryRoot.appendingPathComponent("Tests/Servers/webhook_receiver.py").path
        process = try ChildProcess("/usr/bin/env", ["python3", script])
        let line = try await process.waitForLine(containing: "LISTENING")
        guard let port = line.split(separator: "=").last.flatMap({ Int($0) }) else {
            throw Failure(description: "receiver printed no port: \(line)")
        }
        self.port = port
        client = try HTTPClient(
            configuration: .init(bodyCaptureLimit: 64 << 20, addressGuard: .allowingEverything),
            logger: Logger(label: "test.receiver"))
    }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// `path` answers `statuses` in turn, then 204.
    func configure(_ path: String, secret: String, statuses: [Int] = []) async throws {
        let settings: [String: Any] = ["path": path, "secrets": [secret], "statuses": statuses, "status": 204]
        let body = try JSONSerialization.data(withJSONObject: settings)
        let response = try await client.send(
            HTTPRequest(method: .post, url: url("/_configure"), body: Array(body), timeout: .seconds(5)))
        guard response.status == 204 else { throw Failure(description: "configure answered \(response.status)") }
    }

    func deliveries() async throws -> [Delivery] {
        let response = try await client.send(HTTPRequest(url: url("/_log"), timeout: .seconds(10)))
        return try JSONDecoder().decode([Delivery].self, from: Data(response.body))
    }

    func shutdown() async {
        await client.shutdown()
        await process.stop()
    }
}
