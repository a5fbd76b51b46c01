import DevChain
import Foundation
import Hiredis
import Logging
import TestSupport
import Testing

/// `evmhook ingest` as a process: SIGTERM stops it gracefully (exit 0) and releases the lease for a standby.
@Suite struct IngestSignalTests {
    @Test func sigtermStopsIngestGracefully() async throws {
        let chain = try await DevChain.start(DevChainConfiguration(port: 0, blockTime: nil, logsPerBlock: 2))
        let prefix = TestEnvironment.uniqueName("cli-sigterm")
        let redis = try await RedisConnection.connect(to: try TestEnvironment.redisURL(), logger: Logger(label: "test"))
        let process = Process()
        process.executableURL = try Self.binary()
        process.arguments = ["ingest", "--block-time", "200ms"]
        process.environment = [
            "EVMHOOK_RPC_URL": chain.webSocketURL, "EVMHOOK_REDIS_URL": try TestEnvironment.redisURL(),
            "EVMHOOK_REDIS_PREFIX": prefix,
        ]
        process.standardError = FileHandle.nullDevice
        let exited = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { exited.continuation.yield($0.terminationStatus) }
        try process.run()

        await chain.mine(3)
        let deadline = ContinuousClock.now + .seconds(30)
        while try await redis.send(["HGET", "\(prefix):chain:31337:cursor", "number"]).int != 3 {
            try #require(ContinuousClock.now < deadline, "the ingestor never reached block 3")
            try await Task.sleep(for: .milliseconds(20))
        }
        kill(process.processIdentifier, SIGTERM)
        var statuses = exited.stream.makeAsyncIterator()
        let status = await statuses.next()
        #expect(status == 0)
        #expect(try await redis.send(["GET", "\(prefix):chain:31337:lease"]) == .null)
        await redis.close()
        await chain.stop()
    }

    /// The `evmhook` binary beside this test bundle.
    private static func binary() throws -> URL {
        let tests = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        return tests.deletingLastPathComponent().appendingPathComponent("evmhook")
    }
}
