import Hiredis
import TestSupport
import Testing

@Suite struct RedisBlockingTests {
    @Test func cancellingABlockedCommandEndsItAndTheConnectionRecovers() async throws {
        let name = TestEnvironment.uniqueName("cancelled")
        let popper = try await RedisTestSupport.connect(name: name)
        let observer = try await RedisTestSupport.connect()
        let key = TestEnvironment.uniqueName("never")

        let clock = ContinuousClock()
        let start = clock.now
        let pop = Task { try await popper.send(["BRPOP", key, "0"]) }
        try await RedisTestSupport.waitUntilBlocked(name, in: "brpop", observer: observer)
        pop.cancel()
        let outcome = await pop.result
        #expect(throws: CancellationError.self) { try outcome.get() }
        // The pop blocks forever; a minute leaves room for a loaded machine.
        #expect(clock.now - start < .seconds(60))

        // The interrupted socket is dropped; the next command reconnects.
        #expect(try await popper.send(["PING"]) == .status("PONG"))
        _ = try await observer.send(["LPUSH", key, "later"])
        #expect(try await popper.send(["BRPOP", key, "5"]).array?[1].string == "later")
        await popper.close()
        await observer.close()
    }

    @Test func concurrentCallersOnOneConnectionEachGetTheirOwnReplies() async throws {
        let redis = try await RedisTestSupport.connect()
        let prefix = TestEnvironment.uniqueName("shared")
        let results = try await withThrowingTaskGroup(of: (Int, [RedisReply]).self) { group in
            for number in 0..<50 {
                group.addTask {
                    let key = "\(prefix):\(number)"
                    _ = try await redis.send(["SET", key, "value \(number)"])
                    let single = try await redis.send(["GET", key])
                    let piped = try await redis.pipeline([["INCRBY", "\(key):n", "\(number)"], ["GET", key]])
                    return (number, [single] + piped)
                }
            }
            return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
        #expect(results.count == 50)
        for (number, replies) in results {
            let expected = RedisReply.bulk(Array("value \(number)".utf8))
            #expect(replies == [expected, .integer(Int64(number)), expected])
        }
        await redis.close()
    }
}
