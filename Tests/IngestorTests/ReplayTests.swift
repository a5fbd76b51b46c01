import ChainKit
import DevChain
import Ingestor
import Pipeline
import TestSupport
import Testing

/// `evmhook replay` in-process: 10,000 blocks, interrupted, resumed, every log exactly once.
@Suite(.timeLimit(.minutes(5))) struct ReplayTests {
    @Test func aReplayInterruptedAndResumedEmitsEveryLogOnce() async throws {
        try await IngestHarness.run(logsPerBlock: 1) { harness in
            await harness.chain.mine(10_000)
            var configuration = Replayer.Configuration(
                rpcURL: harness.chain.webSocketURL, chainID: harness.chainID, range: 1...10_000, endpoint: nil,
                keys: harness.keys)
            configuration.maxGetLogsRange = 500
            configuration.maxLogsPerSecond = 1_000_000
            await harness.chain.setGetLogsLimit(GetLogsLimit(maxRange: 300, style: .geth))
            let first = Replayer(configuration: configuration, redis: harness.redis, logger: harness.logger)
            let seen = StepCounter()
            let interrupted = Task {
                try await first.run { _ in _ = seen.increment() }
            }
            try await waitUntil("some chunks replayed") { seen.value >= 5 }
            interrupted.cancel()
            let partial = try await interrupted.value(within: .seconds(30), waitingFor: "the replay to stop")
            #expect(!partial.isComplete)
            #expect(partial.blocksDone > 0)

            let resumed = try await Replayer(configuration: configuration, redis: harness.redis, logger: harness.logger)
                .run { _ in }
            #expect(resumed.isComplete)
            #expect(resumed.blocksResumed == partial.blocksDone)
            let entries = try await harness.entries()
            #expect(entries.allSatisfy { $0.kind == .replay && $0.replay?.id == configuration.id })
            #expect(entries.map(\.log) == (await harness.chain.logs(in: 1...10_000)).map { $0 })
            // A third run finds the replay complete and writes nothing.
            let again = try await Replayer(configuration: configuration, redis: harness.redis, logger: harness.logger)
                .run { _ in }
            #expect(again.isComplete && again.logs == 0)
            #expect(try await harness.entries().count == entries.count)
        }
    }

    @Test func theReplayIDIsDerivedFromTheArguments() {
        let keys = RedisKeys()
        let a = Replayer.Configuration(rpcURL: "ws://x", chainID: 1, range: 1...10, endpoint: nil, keys: keys)
        let b = Replayer.Configuration(rpcURL: "ws://y", chainID: 1, range: 1...10, endpoint: nil, keys: keys)
        let c = Replayer.Configuration(rpcURL: "ws://x", chainID: 1, range: 1...11, endpoint: nil, keys: keys)
        #expect(a.id == b.id)
        #expect(a.id != c.id)
    }
}
