import ChainKit
import DevChain
import Ingestor
import Pipeline
import Testing

/// The node misbehaving while the Ingestor follows it: the stream still ends up with exactly the chain's logs.
@Suite(.timeLimit(.minutes(5))) struct ResilienceTests {
    @Test func droppedWebSocketsMidBlockAreRefilled() async throws {
        try await IngestHarness.run { harness in
            let ingestor = try await harness.launch(harness.configuration())
            for round in 1...10 {
                await harness.chain.mine(3)
                // Drop every socket right after the announcement, before the follower fetched the block's logs.
                await harness.chain.closeWebSockets()
                await harness.chain.mine(2)
                if round % 3 == 0 { try await harness.waitForCursor(UInt64(round * 5)) }
            }
            try await harness.waitForCursor(50)
            try await stopGracefully(ingestor)
            #expect(try await harness.liveLogs() == harness.chain.logs(in: 1...50))
        }
    }

    @Test func aSilentSubscriptionIsCoveredByPolling() async throws {
        try await IngestHarness.run { harness in
            let ingestor = try await harness.launch(harness.configuration())
            await harness.chain.mine(5)
            try await harness.waitForCursor(5)
            // Heads stop being announced for far longer than the test waits: only polling can move the cursor.
            await harness.chain.silenceHeads(for: .seconds(600))
            await harness.chain.mine(20)
            try await harness.waitForCursor(25, timeout: .seconds(20))
            try await stopGracefully(ingestor)
            #expect(try await harness.liveLogs() == harness.chain.logs(in: 1...25))
        }
    }

    @Test(arguments: [
        GetLogsLimit(maxResults: 40, style: .infuraResults),
        GetLogsLimit(maxRange: 16, style: .quicknode),
        GetLogsLimit(maxRange: 30, style: .alchemyFreeTier),
        GetLogsLimit(maxResults: 25, style: .reth),
        GetLogsLimit(maxRange: 10, style: .tenderly),
    ])
    func rangeRefusalsDuringCatchUpNarrowTheRange(limit: GetLogsLimit) async throws {
        try await IngestHarness.run { harness in
            await harness.chain.mine(1)
            var first = try await harness.launch(harness.configuration())
            try await harness.waitForCursor(1)
            try await stopGracefully(first)
            // A long gap while the Ingestor is away, refused in the provider's words when asked for in one range.
            await harness.chain.mine(400)
            await harness.chain.setGetLogsLimit(limit)
            first = try await harness.launch(harness.configuration())
            try await harness.waitForCursor(401)
            try await stopGracefully(first)
            #expect(try await harness.liveLogs() == harness.chain.logs(in: 1...401))
        }
    }

    @Test func malformedAnswersAreRetried() async throws {
        try await IngestHarness.run { harness in
            let ingestor = try await harness.launch(harness.configuration())
            await harness.chain.mine(3)
            try await harness.waitForCursor(3)
            for fault in [TransportFault.truncatedJSON, .emptyBody, .invalidHost, .headerNotFound, .badGateway] {
                await harness.chain.failNext(2, with: fault)
                await harness.chain.mine(2)
            }
            await harness.chain.malformNext(3)
            await harness.chain.mine(3)
            try await harness.waitForCursor(16, timeout: .seconds(60))
            try await stopGracefully(ingestor)
            #expect(try await harness.liveLogs() == harness.chain.logs(in: 1...16))
        }
    }

    @Test func anHTTPNodeIsPolled() async throws {
        try await IngestHarness.run { harness in
            let ingestor = try await harness.launch(harness.configuration(url: harness.chain.httpURL))
            for _ in 1...5 {
                await harness.chain.mine(4)
                try await harness.waitForCursor(await harness.chain.head().number)
            }
            try await harness.chain.reorg(depth: 3)
            try await harness.waitForCursor(await harness.chain.head().number)
            try await stopGracefully(ingestor)
            let head = await harness.chain.head().number
            #expect(try await harness.liveLogs() == harness.chain.logs(in: 1...head))
        }
    }
}
