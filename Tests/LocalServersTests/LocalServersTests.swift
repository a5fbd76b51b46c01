import Foundation
import Hiredis
import LibPQ
import LocalServers
import Logging
import Testing

@Suite struct LocalServersTests {
    static func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("evmhook-local-\(UUID().uuidString.prefix(8))")
    }

    @Test func redisStartsServesAndStops() async throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let redis = try await LocalRedis.start(in: directory)
        let connection = try await RedisConnection.connect(to: RedisURL(redis.url), logger: Logger(label: "test"))
        _ = try await connection.send(["SET", "k", "v"])
        #expect(try await connection.send(["GET", "k"]) == .bulk(Array("v".utf8)))
        await connection.close()
        await redis.stop()
        await #expect(throws: RedisError.self) {
            try await RedisConnection.connect(to: RedisURL(redis.url), logger: Logger(label: "test"))
        }
    }

    @Test func postgresStartsServesAndStops() async throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let postgres = try await LocalPostgres.start(in: directory)
        let connection = try await PostgresConnection.connect(url: postgres.url, logger: Logger(label: "test"))
        let row = try #require(try await connection.query("SELECT 40 + 2 AS answer").first)
        #expect(try row.decode(Int.self, "answer") == 42)
        await connection.close()
        try await postgres.stopServer()
        #expect(postgres.postmasterPID() == nil)
    }

    @Test func aMissingRedisNamesTheAptPackage() {
        #expect {
            try ServerPrograms.redisServer(environment: ["PATH": "/nonexistent"])
        } throws: { error in
            "\(error)".contains("redis-server not found; install it with: sudo apt-get install -y redis-server")
        }
    }

    @Test func aMissingPostgresNamesTheAptPackage() {
        #expect {
            try ServerPrograms.postgresBinDirectory(root: "/nonexistent")
        } throws: { error in
            "\(error)".contains("apt-get install -y postgresql")
        }
    }
}
