import TestSupport
import Testing

@testable import Hiredis

/// `watching`: an optimistic transaction run as one exchange on the connection's thread.
@Suite struct RedisWatchingTests {
    /// Another client's write, made synchronously from inside a plan (which runs on the connection's thread):
    /// exactly the race `WATCH` exists for.
    private static func interfere(_ command: [RedisArgument]) throws {
        let url = try RedisURL(TestEnvironment.redisURL())
        let other = try RedisContext(
            host: url.host, port: url.port, server: url.endpoint, timeout: .seconds(5), commandTimeout: .seconds(5))
        defer { other.close() }
        try other.append(command)
        _ = try other.readReply()
    }

    @Test func planSeesTheReadsAndItsCommandsRunAtomically() async throws {
        let redis = try await RedisTestSupport.connect()
        let key = TestEnvironment.uniqueName("watch")
        _ = try await redis.send(["SET", key, "41"])
        let (outcome, replies) = try await redis.watching([RedisArgument(key)], reads: [["GET", RedisArgument(key)]]) {
            let value = Int($0[0].string ?? "") ?? 0
            return ([["SET", RedisArgument(key), RedisArgument(value + 1)], ["GET", RedisArgument(key)]], value)
        }
        #expect(outcome == 41)
        #expect(replies == [.status("OK"), .bulk(Array("42".utf8))])
        await redis.close()
    }

    @Test func aWatchedKeyChangedByAnotherClientDiscardsEverything() async throws {
        let redis = try await RedisTestSupport.connect()
        let key = TestEnvironment.uniqueName("watch")
        let written = TestEnvironment.uniqueName("written")
        _ = try await redis.send(["SET", key, "mine"])
        let (_, replies) = try await redis.watching([RedisArgument(key)], reads: []) { _ in
            try Self.interfere(["SET", RedisArgument(key), "theirs"])
            return ([["SET", RedisArgument(written), "1"]], ())
        }
        #expect(replies == nil)
        #expect(try await redis.send(["EXISTS", written]) == .integer(0))
        #expect(try await redis.send(["GET", key]).string == "theirs")
        await redis.close()
    }

    @Test func aPlanThatThrowsOrWritesNothingLeavesNoWatchBehind() async throws {
        struct Refused: Error {}
        let redis = try await RedisTestSupport.connect()
        let key = TestEnvironment.uniqueName("watch")
        await #expect(throws: Refused.self) {
            _ = try await redis.watching([RedisArgument(key)], reads: []) { _ -> ([[RedisArgument]], Void) in
                throw Refused()
            }
        }
        let (_, nothing) = try await redis.watching([RedisArgument(key)], reads: []) { _ in ([], ()) }
        #expect(nothing == [])
        // Had either left its WATCH on the connection, this change would discard the next transaction.
        let other = try await RedisTestSupport.connect()
        _ = try await other.send(["SET", key, "changed"])
        await other.close()
        #expect(try await redis.transaction([["SET", key, "after"]]) == [.status("OK")])
        await redis.close()
    }
}
