import Hiredis
import TestSupport
import Testing

@Suite struct RedisListAndSetTests {
    @Test func pushPopAndMoveBetweenLists() async throws {
        let redis = try await RedisTestSupport.connect()
        let jobs = TestEnvironment.uniqueName("jobs")
        let working = TestEnvironment.uniqueName("working")
        #expect(try await redis.send(["LPUSH", jobs, "a", "b", "c"]) == .integer(3))
        #expect(
            try await redis.send(["BRPOP", jobs, "1"]) == .array([.bulk(Array(jobs.utf8)), .bulk(Array("a".utf8))]))
        #expect(try await redis.send(["BLMOVE", jobs, working, "RIGHT", "LEFT", "1"]).string == "b")
        #expect(try await redis.send(["LRANGE", working, "0", "-1"]).array?.compactMap(\.string) == ["b"])
        let popped = try await redis.send(["BLMPOP", "1", "1", jobs, "LEFT", "COUNT", "5"])
        #expect(popped.array?[1].array?.compactMap(\.string) == ["c"])
        await redis.close()
    }

    @Test func blockingPopLongerThanTheCommandTimeoutTimesOutCleanly() async throws {
        // The 1 s block outlasts the 200 ms command timeout: the socket timeout must stretch for it, or hiredis
        // would fail the read and kill the connection.
        var configuration = RedisConnection.Configuration()
        configuration.commandTimeout = .milliseconds(200)
        let redis = try await RedisTestSupport.connect(configuration: configuration)
        let empty = TestEnvironment.uniqueName("empty")
        #expect(try await redis.send(["BRPOP", empty, "1"]) == .null)
        #expect(try await redis.send(["PING"]) == .status("PONG"))
        await redis.close()
    }

    @Test func setMembershipAndRemoval() async throws {
        let redis = try await RedisTestSupport.connect()
        let seen = TestEnvironment.uniqueName("seen")
        #expect(try await redis.send(["SADD", seen, "x", "y", "x", "z"]) == .integer(3))
        #expect(try await redis.send(["SISMEMBER", seen, "y"]) == .integer(1))
        #expect(try await redis.send(["SISMEMBER", seen, "w"]) == .integer(0))
        #expect(try await redis.send(["SREM", seen, "y"]) == .integer(1))
        let members = try await redis.send(["SMEMBERS", seen]).array?.compactMap(\.string).sorted()
        #expect(members == ["x", "z"])
        #expect(try await redis.send(["SCARD", seen]) == .integer(2))
        await redis.close()
    }

    @Test func binaryValuesRoundTripUnchanged() async throws {
        let redis = try await RedisTestSupport.connect()
        let key = RedisArgument(bytes: Array(TestEnvironment.uniqueName("bin").utf8) + [0, 13, 10, 0xFF])
        let value: [UInt8] = [0, 13, 10, 36, 42, 0xFF, 0xFE, 0, 13, 10, 13, 10, 0]
        #expect(try await redis.send(["SET", key, RedisArgument(bytes: value)]) == .status("OK"))
        #expect(try await redis.send(["GET", key]).bytes == value)
        #expect(try await redis.send(["STRLEN", key]) == .integer(Int64(value.count)))

        let empty = TestEnvironment.uniqueName("empty")
        let replies = try await redis.pipeline([["SET", RedisArgument(empty), ""], ["GET", RedisArgument(empty)]])
        #expect(replies == [.status("OK"), .bulk([])])
        await redis.close()
    }
}
