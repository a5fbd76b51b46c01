import Foundation
import Pipeline
import Processor
import TestSupport
import Testing

/// `evmhook process` as operators run it.
@Suite(.timeLimit(.minutes(5))) struct ProcessCommandTests {
    @Test func sigtermFinishesTheBatchInHandAndExitsZero() async throws {
        try await ProcessorHarness.with { harness in
            try await harness.addEndpoint()
            try await harness.append(ProcessorConcurrencyTests.entries(20_000))
            let process = try ChildProcess(
                try EvmhookBinary.executable().path, ["process", "--batch-size", "100"],
                environment: [
                    "EVMHOOK_DATABASE_URL": harness.databaseURL, "EVMHOOK_REDIS_URL": try TestEnvironment.redisURL(),
                    "EVMHOOK_REDIS_PREFIX": harness.keys.prefix,
                ])
            #expect(try await process.waitForLine(containing: "processor ready").hasPrefix("processor ready: "))
            try await harness.waitUntil("the processor works") { try await harness.jobCount() > 1_000 }
            await process.stop(signal: SIGTERM)
            #expect(process.exitStatus == 0)
            // The batch in hand was finished: nothing is left pending in its name.
            #expect(try await harness.pendingCount() == 0)
            #expect(try await harness.jobCount() < 20_000, "it stopped before the end of the stream")
        }
    }

    @Test func anUnreachableRedisNamesTheSetting() async throws {
        let port = try FreePort.next()
        let result = try await EvmhookBinary.run(
            ["process"],
            environment: [
                "EVMHOOK_REDIS_URL": "redis://127.0.0.1:\(port)/0",
                "EVMHOOK_DATABASE_URL": try TestEnvironment.databaseURL(),
            ])
        #expect(result.status == 2)
        #expect(result.stderr.contains("EVMHOOK_REDIS_URL"), "\(result.stderr)")
    }
}
