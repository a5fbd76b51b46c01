import ChainKit
import DevChain
import Ingestor
import Pipeline
import Testing

/// Catching up far behind the head takes ranged logs without a header per block; what it writes must be what the
/// header-by-header path writes: the chain's logs with their block timestamps, and a window of exactly its size.
@Suite(.timeLimit(.minutes(5))) struct DeepCatchUpTests {
    @Test func aSparseChainLeavesExactlyTheWindowBehind() async throws {
        try await IngestHarness.run(logsPerBlock: 0) { harness in
            await harness.chain.mine(1)
            var ingestor = try await harness.launch(harness.configuration())
            try await harness.waitForCursor(1)
            try await stopGracefully(ingestor)
            // Mostly empty blocks, a log now and then: the cheap path skips the empty ones.
            let token = try Address(hex: "0x00000000000000000000000000000000000000aa")
            for round in 0..<40 {
                await harness.chain.emit([(address: token, topics: [Hash32.zero], data: [UInt8(round)])])
                await harness.chain.mine(1 + round % 17)
            }
            let head = await harness.chain.head().number
            ingestor = try await harness.launch(harness.configuration())
            try await harness.waitForCursor(head)
            try await stopGracefully(ingestor)

            let expected = await harness.chain.logs(in: 1...head)
            #expect(expected.count == 40)
            #expect(try await harness.liveLogs() == expected)
            // The window holds the newest 128 blocks, each with its canonical hash; no older block left a key behind.
            let window = try await harness.canonicalWindow()
            #expect(window.keys.sorted() == Array((head - 127)...head))
            #expect(window[head] == (await harness.chain.head().hash))
            for log in expected where log.blockNumber > head - 128 { #expect(window[log.blockNumber] == log.blockHash) }
            let seen = try await harness.seenKeys()
            let recentWithLogs = Set(expected.filter { $0.blockNumber > head - 128 }.map(\.blockHash))
            #expect(Set(seen.map { String($0.suffix(66)) }) == Set(recentWithLogs.map(\.description)))
        }
    }

    @Test func logsWithoutTimestampsTakeTheirBlocksTimestamp() async throws {
        try await IngestHarness.run { harness in
            await harness.chain.setLogTimestamps(omitted: true)
            await harness.chain.mine(450)
            let ingestor = try await harness.launch(harness.configuration())
            try await harness.waitForCursor(450)
            try await stopGracefully(ingestor)
            let expected = await harness.chain.logs(in: 1...450)
            #expect(expected.allSatisfy { $0.blockTimestamp != nil })
            #expect(try await harness.liveLogs() == expected)
        }
    }
}
