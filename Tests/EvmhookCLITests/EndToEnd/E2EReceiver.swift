import Foundation
import TestSupport
import Threading

/// `Tests/Servers/e2e_receiver.py`: the flaky, verifying receiver of the end-to-end test, logging one JSON line per
/// request to a file the test reads.
final class E2EReceiver: Sendable {
    /// Which event reached which endpoint.
    struct Key: Hashable, Sendable, CustomStringConvertible {
        let path: String
        let blockHash: String
        let logIndex: UInt64
        var description: String { "\(path) \(blockHash)#\(logIndex)" }
    }

    /// One request as the receiver logged it.
    struct Line: Decodable, Sendable {
        let path: String
        let id: String?
        let status: Int
        let verified: Bool
        let type: String?
        let blockHash: String
        let logIndex: UInt64
        let removed: Bool?
        let decodedOK: Bool?

        enum CodingKeys: String, CodingKey {
            case path, id, status, verified, type, removed
            case blockHash = "block_hash"
            case logIndex = "log_index"
            case decodedOK = "decoded_ok"
        }

        var key: Key { Key(path: path, blockHash: blockHash, logIndex: logIndex) }
    }

    struct Timeout: Error, CustomStringConvertible {
        let description: String
    }

    let port: Int
    private let directory: URL
    private let process = Guarded<ChildProcess?>(nil)

    init(directory: URL, paths: [String]) throws {
        self.directory = directory
        port = try FreePort.next()
    }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    private var logFile: URL { directory.appendingPathComponent("deliveries.jsonl") }

    /// Starts the receiver with each path's secret: 30 % of requests answered 500, 2 % after 2.5 s.
    func start(secrets: [String: String]) async throws {
        let config = directory.appendingPathComponent("receiver.json")
        let settings: [String: Any] = [
            "secrets": secrets, "fail_ratio": 0.3, "timeout_ratio": 0.02, "timeout_ms": 2_500, "seed": 7,
        ]
        try JSONSerialization.data(withJSONObject: settings).write(to: config)
        let script = TestEnvironment.repositoryRoot.appendingPathComponent("Tests/Servers/e2e_receiver.py").path
        let child = try ChildProcess(
            "/usr/bin/env", ["python3", script, config.path, logFile.path, String(port)])
        _ = try await child.waitForLine(containing: "LISTENING")
        process.withLock { $0 = child }
    }

    /// Every request logged so far (a partly written last line is left for the next read).
    func lines() throws -> [Line] {
        guard let data = FileManager.default.contents(atPath: logFile.path) else { return [] }
        let decoder = JSONDecoder()
        return data.split(separator: UInt8(ascii: "\n")).compactMap { line in
            try? decoder.decode(Line.self, from: Data(line))
        }
    }

    /// Waits until `path` accepted (204) a log of the block `blockHash`.
    func waitForAccepted(blockHash: String, to path: String, within limit: Duration = .seconds(120)) async throws {
        let deadline = ContinuousClock.now + limit
        while !(try lines().contains { $0.path == path && $0.blockHash == blockHash && $0.status == 204 }) {
            guard ContinuousClock.now < deadline else {
                throw Timeout(description: "\(path) accepted no log of block \(blockHash) in \(limit)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    func stop() async {
        await process.withLock { $0 }?.stop()
    }
}
