import ChainKit
import DevChain
import Hiredis
import Ingestor
import Pipeline
import TestSupport
import Testing

/// Two Ingestors on one chain: one writes, the other takes over when the leader dies, and the stream stays exact.
@Suite(.timeLimit(.minutes(5))) struct StandbyTests {
    @Test func aPausedLeaderCannotWriteAfterLosingTheLease() async throws {
        try await IngestHarness.run { harness in
            let paused = StepCounter()
            let resume = StepCounter()
            var configuration = harness.configuration()
            // Renewals far apart, so only the fencing in the write can stop the leader.
            configuration.leaseDuration = .seconds(20)
            // The leader stops just before writing block 6, as a process paused by GC or SIGSTOP would.
            configuration.faultHook = { point, block in
                guard point == .beforeEmit, block > 5, paused.increment() == 1 else { return }
                try await waitUntil("the test resumes the leader", within: .seconds(30)) { resume.value > 0 }
            }
            let ingestor = try await harness.launch(configuration)
            await harness.chain.mine(5)
            try await harness.waitForCursor(5)
            await harness.chain.mine(5)
            try await waitUntil("the leader pauses before block 6") { paused.value > 0 }
            // Meanwhile its lease expired and another ingestor took it.
            let lease = harness.keys.lease(chain: harness.chainID)
            let fenceKey = harness.keys.leaseFence(chain: harness.chainID)
            let tokenBefore = try #require(try await harness.redis.send(["GET", fenceKey]).int)
            _ = try await harness.redis.send(["SET", lease, "intruder \(tokenBefore + 1)", "PX", "60000"])
            _ = try await harness.redis.send(["SET", fenceKey, String(tokenBefore + 1)])
            let entriesBefore = try await harness.entries().count
            _ = resume.increment()
            // The woken leader's write is refused (whenever it reaches Redis, the lease no longer holds its token).
            #expect(try await harness.cursor() == 5)
            #expect(try await harness.entries().count == entriesBefore)
            // The other ingestor goes away: the first takes a new token and goes on where the cursor is.
            _ = try await harness.redis.send(["DEL", lease])
            try await harness.waitForCursor(10)
            try await stopGracefully(ingestor)
            // Its first write of blocks 6… was refused: it had to try again, under a new token.
            #expect(paused.value >= 2)
            let fence = try #require(try await harness.redis.send(["GET", fenceKey]).int)
            #expect(fence > tokenBefore + 1)
            #expect(try await harness.liveLogs() == harness.chain.logs(in: 1...10))
        }
    }

    @Test func aFailureWhileTheLeaseIsLostStillEndsTheIngestor() async throws {
        try await IngestHarness.run { harness in
            let lease = harness.keys.lease(chain: harness.chainID)
            let redis = harness.redis
            var configuration = harness.configuration()
            // Before writing block 3, the lease goes to someone else; the follower fails (a fault of its own) only
            // once the lost renewal has cancelled it: both at once, the failure must still end `run()`.
            configuration.faultHook = { point, block in
                guard point == .beforeEmit, block == 3 else { return }
                _ = try await redis.send(["SET", lease, "intruder 999999", "PX", "60000"])
                let end = ContinuousClock.now + .seconds(45)
                while !Task.isCancelled && ContinuousClock.now < end {
                    try? await Task.sleep(for: .milliseconds(10))
                }
                #expect(Task.isCancelled, "the lost lease did not cancel the follower")
                throw SimulatedCrash()
            }
            let ingestor = try await harness.launch(configuration)
            await harness.chain.mine(3)
            await #expect(throws: SimulatedCrash.self) {
                // Generous: the whole suite on two cores once took longer than 30 s here (a deadline only counts
                // when the test fails).
                try await ingestor.value(within: .seconds(90), waitingFor: "the failure to end the Ingestor")
            }
        }
    }
}
