import ChainKit
import DevChain
import Hiredis
import Ingestor
import Pipeline
import Testing

/// Two Ingestors on one chain: one writes, the other takes over when the leader dies, and the stream stays exact.
@Suite struct StandbyTests {
    @Test func theStandbyTakesOverWithinTwiceTheLeaseWhenTheLeaderDies() async throws {
        let harness = try await IngestHarness.start()
        let killSwitch = StepCounter()
        var leaderConfiguration = harness.configuration()
        leaderConfiguration.holder = "leader"
        // The leader "dies" (no graceful release, as with kill -9) at its next step once the switch is thrown.
        leaderConfiguration.faultHook = { _, _ in
            if killSwitch.value > 0 { throw SimulatedCrash() }
        }
        let leader = try await harness.launch(leaderConfiguration)
        await harness.chain.mine(10)
        try await harness.waitForCursor(10)
        var standbyConfiguration = harness.configuration()
        standbyConfiguration.holder = "standby"
        let standby = try await harness.launch(standbyConfiguration)
        await harness.chain.mine(10)
        try await harness.waitForCursor(20)
        let holder = try await harness.redis.send(["GET", harness.keys.lease(chain: harness.chainID)]).string
        #expect(holder?.hasPrefix("leader ") == true)

        _ = killSwitch.increment()
        await harness.chain.mine(1)
        await #expect(throws: SimulatedCrash.self) { try await leader.value }
        let died = ContinuousClock.now
        await harness.chain.mine(9)
        try await harness.waitForCursor(30, timeout: .seconds(10))
        #expect(ContinuousClock.now - died < harness.configuration().leaseDuration * 2 + .milliseconds(500))
        let newHolder = try await harness.redis.send(["GET", harness.keys.lease(chain: harness.chainID)]).string
        #expect(newHolder?.hasPrefix("standby ") == true)
        try await stopGracefully(standby)
        #expect(try await harness.liveLogs() == harness.chain.logs(in: 1...30))
        await harness.stop()
    }

    @Test func aFencedLeaderCannotWriteAfterLosingTheLease() async throws {
        let harness = try await IngestHarness.start()
        let attempts = StepCounter()
        var configuration = harness.configuration()
        configuration.faultHook = { point, block in
            if point == .beforeEmit && block > 5 { _ = attempts.increment() }
        }
        let ingestor = try await harness.launch(configuration)
        await harness.chain.mine(5)
        try await harness.waitForCursor(5)
        // Someone else takes the lease (as after this leader paused past its expiry): its writes are refused.
        let lease = harness.keys.lease(chain: harness.chainID)
        let fenceKey = harness.keys.leaseFence(chain: harness.chainID)
        let tokenBefore = try #require(try await harness.redis.send(["GET", fenceKey]).int)
        _ = try await harness.redis.send(["SET", lease, "intruder 999999", "PX", "60000"])
        await harness.chain.mine(5)
        try await waitUntil("the leader tries to write block 6") { attempts.value > 0 }
        #expect(try await harness.cursor() == 5)
        _ = try await harness.redis.send(["DEL", lease])
        try await harness.waitForCursor(10)
        try await stopGracefully(ingestor)
        // The old token never wrote again: the leader had to take a new one.
        let fence = try #require(try await harness.redis.send(["GET", fenceKey]).int)
        #expect(fence > tokenBefore)
        #expect(try await harness.liveLogs() == harness.chain.logs(in: 1...10))
        await harness.stop()
    }
}
