import Hiredis
import TestSupport
import Testing

@Suite struct RedisPipelineTests {
    @Test func thousandCommandsInOneRoundReplyInOrder() async throws {
        let redis = try await RedisTestSupport.connect()
        let counter = TestEnvironment.uniqueName("counter")
        let replies = try await redis.pipeline(Array(repeating: ["INCR", counter], count: 1_000))
        #expect(replies == (1...1_000).map { RedisReply.integer(Int64($0)) })
        #expect(try await redis.send(["GET", counter]).int == 1_000)
        await redis.close()
    }

    @Test func aRejectedCommandInAPipelineIsAnErrorElementAndTheRestRun() async throws {
        let redis = try await RedisTestSupport.connect()
        let key = TestEnvironment.uniqueName("plain")
        let replies = try await redis.pipeline([["SET", key, "v"], ["LPUSH", key, "x"], ["GET", key]])
        #expect(replies.count == 3)
        #expect(replies[0] == .status("OK"))
        #expect(replies[1].errorMessage?.hasPrefix("WRONGTYPE") == true)
        #expect(replies[2].string == "v")
        await redis.close()
    }

    @Test func transactionReturnsTheExecRepliesIncludingRuntimeErrors() async throws {
        let redis = try await RedisTestSupport.connect()
        let key = TestEnvironment.uniqueName("tx")
        let replies = try await redis.transaction([["SET", key, "1"], ["INCR", key], ["LPUSH", key, "x"]])
        let results = try #require(replies)
        #expect(results.count == 3)
        #expect(results[0] == .status("OK"))
        #expect(results[1] == .integer(2))
        #expect(results[2].errorMessage?.hasPrefix("WRONGTYPE") == true)
        await redis.close()
    }

    @Test func transactionWithARejectedCommandRunsNothing() async throws {
        let redis = try await RedisTestSupport.connect()
        let key = TestEnvironment.uniqueName("tx")
        do {
            _ = try await redis.transaction([["SET", key, "1"], ["NOSUCHCOMMAND", key]])
            Issue.record("EXEC accepted a transaction with an unknown command")
        } catch let error as RedisError {
            #expect(error.code == .transactionAborted)
            #expect(error.message.contains("EXECABORT"))
            #expect(error.message.contains("unknown command"))
        }
        #expect(try await redis.send(["GET", key]) == .null)
        await redis.close()
    }

    @Test func transactionOnAWatchedKeyChangedElsewhereReturnsNil() async throws {
        let redis = try await RedisTestSupport.connect()
        let other = try await RedisTestSupport.connect()
        let key = TestEnvironment.uniqueName("watched")
        _ = try await redis.send(["WATCH", key])
        _ = try await other.send(["SET", key, "theirs"])
        #expect(try await redis.transaction([["SET", key, "mine"]]) == nil)
        #expect(try await redis.send(["GET", key]).string == "theirs")
        await redis.close()
        await other.close()
    }

    @Test func scriptRunsThroughEvalOnceThenThroughEvalsha() async throws {
        // A private server: its command statistics count only this test's calls.
        let server = try await RedisServerProcess()
        let redis = try await RedisTestSupport.connect(to: server.url)
        let script = RedisScript("return {KEYS[1], ARGV[1], redis.call('INCR', KEYS[1])}")

        let first = try await redis.evaluate(script, keys: ["hits"], arguments: ["hello"])
        #expect(first == .array([.bulk(Array("hits".utf8)), .bulk(Array("hello".utf8)), .integer(1)]))
        let afterFirst = try await commandCalls(redis)
        #expect(afterFirst["eval"] == 1)

        let second = try await redis.evaluate(script, keys: ["hits"], arguments: ["again"])
        #expect(second.array?[2] == .integer(2))
        let afterSecond = try await commandCalls(redis)
        #expect(afterSecond["eval"] == 1)
        #expect(afterSecond["evalsha"] == (afterFirst["evalsha"] ?? 0) + 1)

        // The digest is the one the server computes, so EVALSHA finds scripts loaded by anyone.
        #expect(try await redis.send(["SCRIPT", "LOAD", script.source]).string == script.sha1)
        await redis.close()
        await server.kill()
    }

    @Test func scriptErrorSurfacesTheServerText() async throws {
        let redis = try await RedisTestSupport.connect()
        let script = RedisScript("return redis.error_reply('MYERR the script said no')")
        do {
            _ = try await redis.evaluate(script)
            Issue.record("the script's error reply was not thrown")
        } catch let error as RedisError {
            #expect(error.code == .server)
            #expect(error.message.contains("MYERR the script said no"))
        }
        await redis.close()
    }

    /// `calls` per command from `INFO commandstats`, e.g. `["eval": 1]`.
    private func commandCalls(_ redis: RedisConnection) async throws -> [String: Int] {
        let info = try await redis.send(["INFO", "commandstats"]).string ?? ""
        var calls: [String: Int] = [:]
        for line in info.split(whereSeparator: \.isNewline) where line.hasPrefix("cmdstat_") {
            let parts = line.dropFirst("cmdstat_".count).split(separator: ":", maxSplits: 1)
            guard parts.count == 2, let field = parts[1].split(separator: ",").first(where: { $0.hasPrefix("calls=") })
            else { continue }
            calls[String(parts[0])] = Int(field.dropFirst("calls=".count))
        }
        return calls
    }
}
