import Hiredis
import Logging
import TestSupport
import Testing

@Suite struct RedisReconnectTests {
    @Test func serverRestartLosesOneCommandThenReconnects() async throws {
        let server = try await RedisServerProcess()
        let redis = try await RedisTestSupport.connect(to: server.url)
        #expect(try await redis.send(["SET", "k", "before"]) == .status("OK"))

        await server.kill()
        await #expect {
            try await redis.send(["GET", "k"])
        } throws: { error in
            (error as? RedisError)?.code == .connectionLost
        }

        try await server.restart()
        // No persistence: the restarted server is empty, and the connection works again.
        #expect(try await redis.send(["GET", "k"]) == .null)
        #expect(try await redis.send(["SET", "k", "after"]) == .status("OK"))
        #expect(try await redis.send(["GET", "k"]).string == "after")
        await redis.close()
        await server.kill()
    }

    @Test func reconnectGivesUpAfterItsTimeoutWhileTheServerIsDown() async throws {
        let server = try await RedisServerProcess()
        var configuration = RedisConnection.Configuration()
        configuration.reconnectTimeout = .milliseconds(300)
        let redis = try await RedisTestSupport.connect(to: server.url, configuration: configuration)

        await server.kill()
        await #expect(throws: RedisError.self) { try await redis.send(["PING"]) }
        let clock = ContinuousClock()
        let start = clock.now
        await #expect {
            try await redis.send(["PING"])
        } throws: { error in
            (error as? RedisError)?.code == .connectionFailed
        }
        // Gives up after its 300 ms reconnect timeout rather than retrying forever (loose bound: loaded machines).
        #expect(clock.now - start < .seconds(30))

        try await server.restart()
        #expect(try await redis.send(["PING"]) == .status("PONG"))
        await redis.close()
        await server.kill()
    }

    @Test func serverDeathWakesABlockedCommandWithConnectionLost() async throws {
        let server = try await RedisServerProcess()
        let name = TestEnvironment.uniqueName("blocked")
        let popper = try await RedisTestSupport.connect(to: server.url, name: name)
        let observer = try await RedisTestSupport.connect(to: server.url)
        let pop = Task { try await popper.send(["BRPOP", "queue", "0"]) }
        try await RedisTestSupport.waitUntilBlocked(name, in: "brpop", observer: observer)

        await server.kill()
        let outcome = await pop.result
        #expect {
            try outcome.get()
        } throws: { error in
            (error as? RedisError)?.code == .connectionLost
        }
        await popper.close()
        await observer.close()
    }

    @Test func passwordAndDatabaseAreAppliedOnEveryConnectAndNeverLogged() async throws {
        let password = "pw-\(TestEnvironment.uniqueName("secret"))"
        let server = try await RedisServerProcess(extraArguments: ["--requirepass", password])
        let capture = LogCapture()
        let logger = capture.logger(label: "redis-auth")
        let url = "redis://:\(password)@127.0.0.1:\(server.port)/5"
        let redis = try await RedisTestSupport.connect(to: url, logger: logger)
        #expect(try await redis.send(["SET", "k", "in five"]) == .status("OK"))

        await server.kill()
        await #expect(throws: RedisError.self) { try await redis.send(["PING"]) }
        try await server.restart()
        // After the reconnect AUTH and SELECT 5 ran again: the key lands in database 5.
        #expect(try await redis.send(["SET", "k", "again"]) == .status("OK"))
        let admin = try await RedisTestSupport.connect(to: "redis://:\(password)@127.0.0.1:\(server.port)/0")
        #expect(try await admin.send(["GET", "k"]) == .null)
        #expect(try await admin.send(["SELECT", "5"]) == .status("OK"))
        #expect(try await admin.send(["GET", "k"]).string == "again")

        let lines = capture.lines
        #expect(lines.contains { $0.contains("Redis reconnected") })
        #expect(!lines.contains { $0.contains(password) })
        #expect("\(redis.url)".contains(password) == false)
        await redis.close()
        await admin.close()
        await server.kill()
    }

    /// A database index the server does not have is refused in the same handshake, and said so (it read as an
    /// authentication failure).
    @Test func aDatabaseTheServerLacksIsAHandshakeRefusal() async throws {
        let server = try await RedisServerProcess()
        do {
            _ = try await RedisTestSupport.connect(to: "redis://127.0.0.1:\(server.port)/99")
            Issue.record("database 99 was accepted")
        } catch let error as RedisError {
            #expect(error.code == .authenticationFailed)
            #expect(error.description.contains("handshake refused") && error.description.contains("SELECT"))
            #expect(!error.description.contains("authentication"))
        }
        await server.kill()
    }

    @Test func wrongPasswordFailsAuthenticationWithoutShowingIt() async throws {
        let server = try await RedisServerProcess(extraArguments: ["--requirepass", "right-one"])
        do {
            _ = try await RedisTestSupport.connect(to: "redis://:wrong-guess@127.0.0.1:\(server.port)")
            Issue.record("a wrong password was accepted")
        } catch let error as RedisError {
            #expect(error.code == .authenticationFailed)
            #expect(error.message.contains("WRONGPASS") || error.message.contains("invalid password"))
            #expect(!error.description.contains("wrong-guess"))
        }
        // Without a password the connection opens, and commands are refused with the server's NOAUTH.
        let anonymous = try await RedisTestSupport.connect(to: server.url)
        await #expect {
            try await anonymous.send(["GET", "k"])
        } throws: { error in
            (error as? RedisError)?.serverErrorPrefix == "NOAUTH"
        }
        await anonymous.close()
        await server.kill()
    }
}
