import Foundation
import Pipeline
import Processor
import TestSupport
import Testing

/// `evmhook process` as operators run it.
@Suite(.timeLimit(.minutes(5))) struct ProcessCommandTests {
    /// The built binary beside the tests.
    static var binary: URL {
        TestEnvironment.repositoryRoot.appendingPathComponent(".build/debug/evmhook")
    }

    @Test func sigtermFinishesTheBatchInHandAndExitsZero() async throws {
        try await ProcessorHarness.with { harness in
            try await harness.addEndpoint()
            try await harness.append(ProcessorConcurrencyTests.entries(20_000))
            let output = FileManager.default.temporaryDirectory.appendingPathComponent(
                TestEnvironment.uniqueName("process-out"))
            _ = FileManager.default.createFile(atPath: output.path, contents: nil)
            defer { try? FileManager.default.removeItem(at: output) }
            let process = Process()
            process.executableURL = Self.binary
            process.arguments = ["process", "--batch-size", "100"]
            process.environment = ProcessInfo.processInfo.environment.merging([
                "EVMHOOK_DATABASE_URL": harness.databaseURL, "EVMHOOK_REDIS_URL": try TestEnvironment.redisURL(),
                "EVMHOOK_REDIS_PREFIX": harness.keys.prefix,
            ]) { $1 }
            process.standardOutput = try FileHandle(forWritingTo: output)
            try process.run()
            try await harness.waitUntil("the processor works") { try await harness.jobCount() > 1_000 }
            kill(process.processIdentifier, SIGTERM)
            try await harness.waitUntil("it exits") { !process.isRunning }
            #expect(process.terminationReason == .exit)
            #expect(process.terminationStatus == 0)
            #expect(try String(contentsOf: output, encoding: .utf8).hasPrefix("processor ready: "))
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
