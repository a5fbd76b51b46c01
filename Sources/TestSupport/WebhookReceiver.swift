import Curl
import Foundation
import Logging

/// `Tests/Servers/webhook_receiver.py` for one test: verifies each request with the PyPI `standardwebhooks` library
/// and answers as each path is configured.
public final class WebhookReceiver: Sendable {
    /// One delivery as the receiver saw it.
    public struct Delivery: Decodable, Sendable {
        public let path: String
        public let id: String?
        public let timestamp: String?
        public let attempt: String?
        public let userAgent: String?
        public let contentType: String?
        /// One verdict per configured secret.
        public let verified: [Bool]
        public let error: String?
        /// What the receiver answered.
        public let status: Int
        /// Unix seconds.
        public let received: Double
        public let body: String

        enum CodingKeys: String, CodingKey {
            case path, id, timestamp, attempt, verified, error, status, received, body
            case userAgent = "user_agent"
            case contentType = "content_type"
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public let port: Int
    private let process: ChildProcess
    private let client: HTTPClient

    public init() async throws {
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

    public func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Sets how `path` answers: `statuses` in turn, then `status`, after `delayMilliseconds`. With `held`, each
    /// delivery is recorded at once but answered only after `release(path)`: a test then knows which requests are in
    /// flight for as long as it needs, on any machine.
    public func configure(
        _ path: String, secrets: [String], statuses: [Int] = [], status: Int = 204, delayMilliseconds: Int = 0,
        retryAfter: String? = nil, held: Bool = false
    ) async throws {
        var settings: [String: Any] = [
            "path": path, "secrets": secrets, "statuses": statuses, "status": status, "delay_ms": delayMilliseconds,
            "hold": held,
        ]
        if let retryAfter { settings["retry_after"] = retryAfter }
        try await post("/_configure", settings)
    }

    /// Answers the deliveries `path` holds (see `configure`), and every later one at once.
    public func release(_ path: String) async throws {
        try await post("/_release", ["path": path])
    }

    private func post(_ route: String, _ settings: [String: Any]) async throws {
        let body = try JSONSerialization.data(withJSONObject: settings)
        let response = try await client.send(
            HTTPRequest(method: .post, url: url(route), body: Array(body), timeout: .seconds(5)))
        guard response.status == 204 else { throw Failure(description: "\(route) answered \(response.status)") }
    }

    /// Every delivery so far, optionally to one path.
    public func deliveries(to path: String? = nil) async throws -> [Delivery] {
        let response = try await client.send(HTTPRequest(url: url("/_log"), timeout: .seconds(10)))
        let all = try JSONDecoder().decode([Delivery].self, from: Data(response.body))
        return path.map { path in all.filter { $0.path == path } } ?? all
    }

    /// Polls the deliveries until `condition` holds, or fails after `deadline`.
    @discardableResult
    public func waitFor(
        _ what: String, to path: String? = nil, within deadline: Duration = .seconds(20),
        _ condition: ([Delivery]) -> Bool
    ) async throws -> [Delivery] {
        let clock = ContinuousClock()
        let end = clock.now + deadline
        while true {
            let seen = try await deliveries(to: path)
            if condition(seen) { return seen }
            guard clock.now < end else {
                throw Failure(description: "receiver: \(what) not seen within \(deadline) (\(seen.count) deliveries)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    public func shutdown() async {
        await client.shutdown()
        await process.stop()
    }
}
