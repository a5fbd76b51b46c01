import Hiredis
import TestSupport
import Testing

@Suite struct RedisErrorTests {
    @Test func errorReplyThrowsWithTheServerText() async throws {
        let redis = try await RedisTestSupport.connect()
        let key = TestEnvironment.uniqueName("str")
        _ = try await redis.send(["SET", key, "v"])
        do {
            _ = try await redis.send(["LPUSH", key, "x"])
            Issue.record("LPUSH on a string did not throw")
        } catch let error as RedisError {
            #expect(error.code == .server)
            #expect(error.message == "WRONGTYPE Operation against a key holding the wrong kind of value")
            #expect(error.serverErrorPrefix == "WRONGTYPE")
            #expect(error.command == "LPUSH")
        }
        // The connection is still fine after an error reply.
        #expect(try await redis.send(["GET", key]).string == "v")
        await redis.close()
    }

    @Test func unknownCommandNamesItself() async throws {
        let redis = try await RedisTestSupport.connect()
        await #expect {
            try await redis.send(["FROBNICATE", "x"])
        } throws: { error in
            guard let error = error as? RedisError else { return false }
            return error.code == .server && error.message.contains("unknown command")
                && error.message.lowercased().contains("frobnicate")
        }
        await redis.close()
    }

    @Test func refusedConnectionFailsToConnect() async throws {
        // A port just released by the kernel: nothing listens there.
        let port = try FreePort.next()
        await #expect {
            try await RedisTestSupport.connect(to: "redis://127.0.0.1:\(port)")
        } throws: { error in
            (error as? RedisError)?.code == .connectionFailed
        }
    }

    @Test func closedConnectionRefusesCommandsAndCloseIsIdempotent() async throws {
        let redis = try await RedisTestSupport.connect()
        await redis.close()
        await redis.close()
        await #expect {
            try await redis.send(["PING"])
        } throws: { error in
            (error as? RedisError)?.code == .closed
        }
    }
}
