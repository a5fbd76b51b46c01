import DevChain
import Hiredis
import Ingestor
import Pipeline
import TestSupport
import Testing

/// The Ingestor's promises in wall-clock time. Suites named `…TimingTests` run alone after the rest of the suite
/// (`scripts/test`): with 500 tests sharing two cores, a bound in seconds would measure the machine.
@Suite struct IngestorTimingTests {
    @Test func theStandbyTakesOverWithinTwiceTheLeaseWhenTheLeaderDies() async throws {
        try await IngestHarness.run { harness in
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
            await #expect(throws: SimulatedCrash.self) {
                try await leader.value(within: .seconds(30), waitingFor: "the crash")
            }
            let died = ContinuousClock.now
            await harness.chain.mine(9)
            try await harness.waitForCursor(30, timeout: .seconds(10))
            #expect(ContinuousClock.now - died < harness.configuration().leaseDuration * 2 + .milliseconds(500))
            let newHolder = try await harness.redis.send(["GET", harness.keys.lease(chain: harness.chainID)]).string
            #expect(newHolder?.hasPrefix("standby ") == true)
            try await stopGracefully(standby)
            #expect(try await harness.liveLogs() == harness.chain.logs(in: 1...30))
        }
    }
}
