import Curl
import Foundation
import Logging
import TestSupport

/// `Tests/Servers/webhook_receiver.py`: verifies each request with the PyPI `standardwebhooks` library and answers
/// as each path is configured. Receives both the endpoints' deliveries and the operator events.
final class VerifyingReceiver: Sendable {
    /// One request as the receiver saw it.
    struct Request: Decodable, Sendable {
        let path: String
        let id: String?
        /// One verdict per configured secret.
        let verified: [Bool]
        let status: Int
        let body: String
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

    /// Sets how `path` answers: `statuses` in turn, then `status`.
    func configure(_ path: String, secret: String, statuses: [Int] = [], status: Int = 204) async throws {
        let settings: [String: Any] = ["path": path, "secrets": [secret], "statuses": statuses, "status": status]
        let body = try JSONSerialization.data(withJSONObject: settings)
        let response = try await client.send(
            HTTPRequest(method: .post, url: url("/_configure"), body: Array(body), timeout: .seconds(5)))
        guard response.status == 204 else { throw Failure(description: "configure answered \(response.status)") }
    }

    func requests(to path: String) async throws -> [Request] {
        let response = try await client.send(HTTPRequest(url: url("/_log"), timeout: .seconds(10)))
        return try JSONDecoder().decode([Request].self, from: Data(response.body)).filter { $0.path == path }
    }

    /// Polls until `condition` holds for the requests to `path`, or fails after `deadline`.
    @discardableResult
    func waitFor(
        _ what: String, to path: String, within deadline: Duration = .seconds(60), _ condition: ([Request]) -> Bool
    ) async throws -> [Request] {
        let end = ContinuousClock.now + deadline
        while true {
            let seen = try await requests(to: path)
            if condition(seen) { return seen }
            guard ContinuousClock.now < end else {
                throw Failure(description: "receiver: \(what) not seen within \(deadline) (\(seen.count) requests)")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    func shutdown() async {
        await client.shutdown()
        await process.stop()
    }
}
