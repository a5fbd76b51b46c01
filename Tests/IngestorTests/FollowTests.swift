import ChainKit
import DevChain
import Ingestor
import Pipeline
import TestSupport
import Testing
import Threading

/// Live following against the dev chain and real Redis: the stream must hold exactly the chain's logs.
@Suite(.timeLimit(.minutes(5))) struct FollowTests {
    @Test func followsAThousandBlocksWithExactlyTheChainsLogs() async throws {
        try await IngestHarness.run { harness in
            let ingestor = try await harness.launch(harness.configuration())
            // Single blocks (the live path) with a pause for the follower now and then, so both the newHeads path
            // and gap filling run.
            for block in 1...1000 {
                await harness.chain.mine(1)
                if block % 50 == 0 { try await harness.waitForCursor(UInt64(block)) }
            }
            try await harness.waitForCursor(1000)
            try await stopGracefully(ingestor)
            let expected = await harness.chain.logs(in: 1...1000)
            let live = try await harness.liveLogs()
            #expect(live.count == expected.count)
            #expect(live == expected)
            #expect(try await harness.entries().allSatisfy { $0.kind == .log && $0.chainID == harness.chainID })
        }
    }

    /// Heads announced faster than the follower takes them (a backlog mined at once): a catch-up can take the cursor
    /// past announcements still queued, some of them older than the whole reorg window by the time they are read.
    /// Such a late announcement is of the canonical chain, already emitted: it must not be taken for a competing
    /// branch (that undid the whole window, sending `removed` for canonical logs, and re-sent them).
    @Test func lateAnnouncementsOlderThanTheWindowAreNotReorgs() async throws {
        try await IngestHarness.run(logsPerBlock: 20) { harness in
            await harness.chain.mine(1)
            var configuration = harness.configuration()
            // Silence is noticed after 3 ms: polls (which take the cursor to the node's head) run between queued
            // announcements, as they do when one step takes longer than three block times.
            configuration.expectedBlockTime = .milliseconds(1)
            let ingestor = try await harness.launch(configuration)
            try await harness.waitForCursor(1)
            for _ in 0..<5 {
                await harness.chain.mine(300)
                try await harness.waitForCursor(await harness.chain.head().number)
            }
            try await stopGracefully(ingestor)
            let head = await harness.chain.head().number
            #expect(try await harness.entries().allSatisfy { $0.kind == .log })
            #expect(try await harness.liveLogs() == (await harness.chain.logs(in: 1...head)))
        }
    }

    @Test(arguments: [0, 12] as [UInt64])
    func confirmationsHoldBackTheNewestBlocks(confirmations: UInt64) async throws {
        try await IngestHarness.run { harness in
            let ingestor = try await harness.launch(harness.configuration(confirmations: confirmations))
            await harness.chain.mine(60)
            try await harness.waitForCursor(60 - confirmations)
            // A reorg shallower than the confirmations changes nothing already emitted.
            try await harness.chain.reorg(depth: 5)
            await harness.chain.mine(1)
            let head = await harness.chain.head().number
            try await harness.waitForCursor(head - confirmations)
            try await stopGracefully(ingestor)
            let entries = try await harness.entries()
            #expect(entries.contains { $0.kind == .removed } == (confirmations < 5))
            #expect(try await harness.liveLogs() == harness.chain.logs(in: 1...(head - confirmations)))
        }
    }

    @Test func restartsAtRandomPointsNeitherLoseNorRepeat() async throws {
        try await IngestHarness.run { harness in
            var random = SplitMix64(seed: 42)
            var crashes = 0
            var mined: UInt64 = 0
            while crashes < 12 && mined < 3000 {
                // Crash at a random emit step of this run, before or after the script, as a kill -9 would.
                let crashAfter = Int(random.next() % 12) + 1
                let point: EmitFaultPoint = random.next() % 2 == 0 ? .beforeEmit : .afterEmit
                let steps = StepCounter()
                var configuration = harness.configuration()
                configuration.faultHook = { at, _ in
                    guard at == point, steps.increment() == crashAfter else { return }
                    throw SimulatedCrash()
                }
                let ingestor = try await harness.launch(configuration)
                // Mine in bursts while it runs, until it crashes.
                while true {
                    let burst = Int(random.next() % 4) + 1
                    mined = await harness.chain.mine(burst)
                    let target = mined
                    try await waitUntil("block \(target) emitted or a crash") {
                        if steps.value >= crashAfter { return true }
                        return try await harness.cursor() == target
                    }
                    if steps.value >= crashAfter || mined >= 3000 { break }
                }
                if steps.value >= crashAfter {
                    await #expect(throws: SimulatedCrash.self) {
                        try await ingestor.value(within: .seconds(30), waitingFor: "the crash")
                    }
                    crashes += 1
                } else {
                    try await stopGracefully(ingestor)
                }
            }
            let ingestor = try await harness.launch(harness.configuration())
            try await harness.waitForCursor(mined)
            try await stopGracefully(ingestor)
            #expect(crashes == 12)
            #expect(try await harness.liveLogs() == harness.chain.logs(in: 1...mined))
        }
    }
}

struct SimulatedCrash: Error {}

/// Counts fault-hook calls across the Ingestor's task and the test's.
final class StepCounter: Sendable {
    private let count = Guarded(0)
    func increment() -> Int {
        count.withLock {
            $0 += 1; return $0
        }
    }
    var value: Int { count.withLock { $0 } }
}
