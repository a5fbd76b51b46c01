import Hiredis
import TestSupport
import Testing

@Suite struct RedisStreamTests {
    @Test func consumerGroupReadsAcksClaimsAndTrims() async throws {
        let redis = try await RedisTestSupport.connect()
        let stream = TestEnvironment.uniqueName("stream")
        var ids: [String] = []
        for number in 1...3 {
            let id = try await redis.send(["XADD", stream, "*", "n", "\(number)"]).string
            ids.append(try #require(id))
        }
        #expect(try await redis.send(["XGROUP", "CREATE", stream, "workers", "0"]) == .status("OK"))

        let read = try await redis.send([
            "XREADGROUP", "GROUP", "workers", "alice", "COUNT", "10", "STREAMS", stream, ">",
        ])
        let entries = try #require(read.array?.first?.array?[1].array)
        #expect(entries.map { $0.array?[0].string } == ids)
        #expect(entries[0].array?[1] == .array([.bulk(Array("n".utf8)), .bulk(Array("1".utf8))]))

        #expect(try await redis.send(["XACK", stream, "workers", ids[0]]) == .integer(1))
        #expect(try await redis.send(["XPENDING", stream, "workers"]).array?.first == .integer(2))

        // Idle time 0: bob takes over everything alice still holds.
        let claim = try await redis.send(["XAUTOCLAIM", stream, "workers", "bob", "0", "0-0", "COUNT", "10"])
        let claimed = try #require(claim.array?[1].array)
        #expect(claimed.map { $0.array?[0].string } == [ids[1], ids[2]])
        let pending = try await redis.send(["XPENDING", stream, "workers", "-", "+", "10", "bob"])
        #expect(pending.array?.count == 2)

        #expect(try await redis.send(["XTRIM", stream, "MAXLEN", "1"]) == .integer(2))
        #expect(try await redis.send(["XLEN", stream]) == .integer(1))
        await redis.close()
    }

    @Test func blockedReadGroupIsWokenByAConcurrentAdd() async throws {
        let stream = TestEnvironment.uniqueName("stream")
        let readerName = TestEnvironment.uniqueName("reader")
        let reader = try await RedisTestSupport.connect(name: readerName)
        let writer = try await RedisTestSupport.connect()
        _ = try await writer.send(["XGROUP", "CREATE", stream, "g", "$", "MKSTREAM"])

        let clock = ContinuousClock()
        let start = clock.now
        let read = Task {
            try await reader.send([
                "XREADGROUP", "GROUP", "g", "c", "COUNT", "1", "BLOCK", "120000", "STREAMS", stream, ">",
            ])
        }
        try await RedisTestSupport.waitUntilBlocked(readerName, in: "xreadgroup", observer: writer)
        let id = try await writer.send(["XADD", stream, "*", "event", "woke"]).string

        let reply = try await read.value
        let entry = try #require(reply.array?.first?.array?[1].array?.first?.array)
        #expect(entry[0].string == id)
        #expect(entry[1].array?.compactMap(\.string) == ["event", "woke"])
        // Woken by the add, far sooner than the 120 s block (with room for a loaded machine).
        #expect(clock.now - start < .seconds(60))
        await reader.close()
        await writer.close()
    }
}
