import Delivery
import Foundation
import Hiredis
import Logging
import Pipeline
import TestSupport
import Testing

/// The queue's moves in Redis, on their own: they are what makes a kill at any instant lose nothing.
@Suite struct JobQueueTests {
    private func connect() async throws -> (RedisConnection, RedisKeys) {
        let redis = try await RedisConnection.connect(to: TestEnvironment.redisURL(), logger: Logger(label: "test"))
        return (redis, RedisKeys(prefix: TestEnvironment.uniqueName("queue")))
    }

    @Test func theMoverReturnsOnlyDueRetriesToTheFrontOfTheQueue() async throws {
        let (redis, keys) = try await connect()
        let queue = JobQueue(keys: keys, worker: "w1")
        _ = try await redis.send(["LPUSH", keys.jobs, "new"])
        _ = try await redis.send(["ZADD", keys.retries, "1000", "due-a", "2000", "due-b", "9000", "later"])
        #expect(try await queue.moveDueRetries(on: redis, now: 5_000, limit: 1_000) == 2)
        // Workers take from the right: the due retries go before the newer job.
        let queued = try await redis.send(["LRANGE", keys.jobs, "0", "-1"]).array?.compactMap(\.string)
        #expect(queued == ["new", "due-a", "due-b"])
        #expect(try await redis.send(["ZRANGE", keys.retries, "0", "-1"]).array?.compactMap(\.string) == ["later"])
        _ = try await redis.send(["DEL", keys.jobs, keys.retries])
        await redis.close()
    }

    @Test func theReaperReturnsOnlyDeadWorkersJobs() async throws {
        let (redis, keys) = try await connect()
        let queue = JobQueue(keys: keys, worker: "alive")
        _ = try await redis.send(["ZADD", keys.workers, "1000", "dead", "9000", "alive"])
        _ = try await redis.send(["LPUSH", keys.processing(worker: "dead"), "d1", "d2"])
        _ = try await redis.send(["LPUSH", keys.processing(worker: "alive"), "a1"])
        #expect(try await queue.reapDeadWorkers(on: redis, cutoff: 5_000) == 2)
        #expect(try await redis.send(["LRANGE", keys.jobs, "0", "-1"]).array?.compactMap(\.string) == ["d2", "d1"])
        #expect(try await redis.send(["EXISTS", keys.processing(worker: "dead")]).int == 0)
        #expect(try await redis.send(["LLEN", keys.processing(worker: "alive")]).int == 1)
        #expect(try await redis.send(["ZRANGE", keys.workers, "0", "-1"]).array?.compactMap(\.string) == ["alive"])
        #expect(try await queue.handBack(on: redis) == 1)
        #expect(try await redis.send(["ZCARD", keys.workers]).int == 0)
        #expect(try await redis.send(["LLEN", keys.jobs]).int == 3)
        _ = try await redis.send(["DEL", keys.jobs])
        await redis.close()
    }
}
