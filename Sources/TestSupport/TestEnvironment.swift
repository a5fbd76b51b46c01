public import Foundation

/// What the test script (`scripts/test`) tells the tests: where the real servers are.
///
/// Tests that need a server call these; a missing variable is a test failure, never a skip, so a suite run
/// outside `scripts/test` fails loudly instead of passing on nothing.
public enum TestEnvironment {
    public struct Missing: Error, CustomStringConvertible {
        public let variable: String
        public var description: String {
            "\(variable) is not set: run the tests through scripts/test, which starts the servers and exports it"
        }
    }

    /// Reads a variable the test script exports, or throws `Missing`.
    public static func required(_ variable: String) throws -> String {
        guard let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty else {
            throw Missing(variable: variable)
        }
        return value
    }

    /// `redis://127.0.0.1:PORT/0` of the shared test Redis.
    public static func redisURL() throws -> String { try required("EVMHOOK_TEST_REDIS_URL") }

    /// `postgres://postgres@127.0.0.1:PORT/evmhook_test` of the shared test PostgreSQL.
    public static func databaseURL() throws -> String { try required("EVMHOOK_TEST_DATABASE_URL") }

    /// Path of `redis-server`, for tests that need a private server they can stop and restart.
    public static func redisServerBinary() throws -> String { try required("EVMHOOK_TEST_REDIS_SERVER") }

    /// A name unique to one test, for Redis key prefixes and PostgreSQL schemas, so tests run in parallel.
    public static func uniqueName(_ base: String) -> String {
        let suffix = UUID().uuidString.prefix(8).lowercased()
        return "\(base)_\(suffix)"
    }

    /// The repository's root directory, found from this file's path.
    public static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// `Tests/Fixtures/<relative>`: recorded Ethereum data copied from `shared/fixtures` with its provenance.
    public static func fixture(_ relative: String) -> URL {
        repositoryRoot.appendingPathComponent("Tests/Fixtures").appendingPathComponent(relative)
    }
}
