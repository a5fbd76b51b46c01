import ChainKit
import DevChain
import Ingestor
import Pipeline
import Testing

/// Reorgs against the dev chain: `removed` entries for exactly the emitted logs of orphaned blocks, newest
/// first, then the new branch.
@Suite(.timeLimit(.minutes(5))) struct ReorgTests {
    @Test(arguments: [1, 2, 7, 64])
    func reorgWithinTheWindowRemovesExactlyTheOrphanedLogs(depth: Int) async throws {
        try await IngestHarness.run { harness in
            let ingestor = try await harness.launch(harness.configuration())
            await harness.chain.mine(150)
            try await harness.waitForCursor(150)
            let before = await harness.chain.logs(in: 1...150)
            let countBefore = try await harness.entries().count

            try await harness.chain.reorg(depth: depth)
            let head = await harness.chain.head().number
            try await harness.waitForCursor(head)
            try await stopGracefully(ingestor)

            let forkPoint = UInt64(150 - depth)
            let orphaned = before.filter { $0.blockNumber > forkPoint }
            let newEntries = try await harness.entries().dropFirst(countBefore)
            let removed = newEntries.filter { $0.kind == .removed }.map(\.log)
            // Newest first: descending block number, and descending log index within a block.
            let expectedRemoved = orphaned.reversed().map { log in
                var log = log
                log.removed = true
                return log
            }
            #expect(removed == Array(expectedRemoved))
            // Every removal comes before the first log of the new branch.
            let firstNew = newEntries.firstIndex { $0.kind == .log } ?? newEntries.endIndex
            #expect(newEntries[..<firstNew].count == removed.count)
            #expect(try await harness.liveLogs() == harness.chain.logs(in: 1...head))
        }
    }

    @Test func reorgDeeperThanTheWindowRemovesTheWindowAndResumesAtItsEnd() async throws {
        try await IngestHarness.run(logsPerBlock: 2) { harness in
            let ingestor = try await harness.launch(harness.configuration())
            await harness.chain.mine(260)
            try await harness.waitForCursor(260)
            let before = await harness.chain.logs(in: 1...260)

            try await harness.chain.reorg(depth: 200)
            let head = await harness.chain.head().number
            try await harness.waitForCursor(head)
            try await stopGracefully(ingestor)

            // The window held blocks 133...260; those are taken back, the older replaced ones cannot be.
            let windowStart: UInt64 = 260 - 128 + 1
            let removed = try await harness.entries().filter { $0.kind == .removed }.map(\.log)
            #expect(
                Set(removed.map(LogKey.init)) == Set(before.filter { $0.blockNumber >= windowStart }.map(LogKey.init)))
            let after = await harness.chain.logs(in: windowStart...head)
            let expectedLive = before.filter { $0.blockNumber < windowStart } + after
            #expect(try await harness.liveLogs() == expectedLive)
        }
    }

    @Test func aReorgWhileStoppedIsUndoneOnRestart() async throws {
        try await IngestHarness.run { harness in
            var ingestor = try await harness.launch(harness.configuration())
            await harness.chain.mine(40)
            try await harness.waitForCursor(40)
            try await stopGracefully(ingestor)
            let before = await harness.chain.logs(in: 1...40)
            // While it is away the chain reorganises and grows: the restart sees a gap whose first block does not
            // link to the cursor.
            try await harness.chain.reorg(depth: 7)
            await harness.chain.mine(30)
            ingestor = try await harness.launch(harness.configuration())
            let head = await harness.chain.head().number
            try await harness.waitForCursor(head)
            try await stopGracefully(ingestor)
            let removed = try await harness.entries().filter { $0.kind == .removed }.map(\.log)
            #expect(Set(removed.map(LogKey.init)) == Set(before.filter { $0.blockNumber > 33 }.map(LogKey.init)))
            #expect(try await harness.liveLogs() == harness.chain.logs(in: 1...head))
        }
    }
}
