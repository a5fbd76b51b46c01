import Foundation
import Hiredis
import Logging
import TestSupport
import Threading

/// Shared steps of the Redis integration tests: connections to the test server and waits with deadlines.
enum RedisTestSupport {
    /// A connection to the shared test server (`EVMHOOK_TEST_REDIS_URL`); throws when the variable is missing.
    static func connect(
        to url: String? = nil,
        name: String? = nil,
        configuration: RedisConnection.Configuration = RedisConnection.Configuration(),
        logger: Logger = Logger(label: "redis-test")
    ) async throws -> RedisConnection {
        var configuration = configuration
        configuration.clientName = name ?? configuration.clientName
        return try await RedisConnection.connect(
            to: url ?? TestEnvironment.redisURL(), configuration: configuration, logger: logger)
    }

    /// Polls `condition` until it holds, failing after `timeout`: a wait on an observable event, not a sleep.
    static func waitUntil(
        _ what: String,
        timeout: Duration = .seconds(10),
        _ condition: () async throws -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while try await !condition() {
            guard ContinuousClock.now < deadline else { throw Timeout(what: what) }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Waits until the client named `name` is blocked in `command` on the server, as `CLIENT LIST` reports.
    static func waitUntilBlocked(_ name: String, in command: String, observer: RedisConnection) async throws {
        try await waitUntil("\(name) blocked in \(command)") {
            let list = try await observer.send(["CLIENT", "LIST"]).string ?? ""
            return list.split(separator: "\n").contains { line in
                let fields = line.split(separator: " ")
                return fields.contains("name=\(name)") && fields.contains("cmd=\(command)")
                    && fields.contains { $0.hasPrefix("flags=") && $0.contains("b") }
            }
        }
    }

    struct Timeout: Error, CustomStringConvertible {
        let what: String
        var description: String { "timed out waiting for \(what)" }
    }
}
