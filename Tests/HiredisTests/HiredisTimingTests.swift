import Hiredis
import TestSupport
import Testing

/// Wall-clock promises of the wrapper. Suites named `…TimingTests` run alone after the rest of the suite
/// (`scripts/test`): with 500 tests sharing two cores, a bound in seconds would measure the machine.
@Suite struct HiredisTimingTests {
    @Test func blockedConnectionsDoNotStallOtherTasks() async throws {
        // Three blocked connections: more than the cooperative pool's two threads. If any blocked a pool thread,
        // the trivial task and the PING below would wait for the 30 s block to end.
        let observer = try await RedisTestSupport.connect()
        let names = (0..<3).map { _ in TestEnvironment.uniqueName("popper") }
        let keys = names.map { "\($0):queue" }
        var poppers: [RedisConnection] = []
        for name in names { poppers.append(try await RedisTestSupport.connect(name: name)) }

        let clock = ContinuousClock()
        let start = clock.now
        let pops = zip(poppers, keys).map { popper, key in
            Task { try await popper.send(["BRPOP", key, "30"]) }
        }
        for name in names { try await RedisTestSupport.waitUntilBlocked(name, in: "brpop", observer: observer) }

        let probeStart = clock.now
        let trivial = await Task.detached { 6 * 7 }.value
        #expect(trivial == 42)
        #expect(try await observer.send(["PING"]) == .status("PONG"))
        // A stalled pool would only answer when the 30 s BRPOPs time out; the margin absorbs a loaded machine.
        #expect(clock.now - probeStart < .seconds(15))

        for key in keys { _ = try await observer.send(["LPUSH", key, "wake \(key)"]) }
        for (pop, key) in zip(pops, keys) {
            #expect(try await pop.value.array?[1].string == "wake \(key)")
        }
        #expect(clock.now - start < .seconds(20))
        for popper in poppers { await popper.close() }
        await observer.close()
    }
}
