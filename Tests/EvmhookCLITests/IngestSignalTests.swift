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
        let process = try ChildProcess(
            try EvmhookBinary.executable().path, ["ingest", "--block-time", "200ms"],
            environment: [
                "EVMHOOK_RPC_URL": chain.webSocketURL, "EVMHOOK_REDIS_URL": try TestEnvironment.redisURL(),
                "EVMHOOK_REDIS_PREFIX": prefix,
            ], quiet: true)

        await chain.mine(3)
        let deadline = ContinuousClock.now + .seconds(30)
        while try await redis.send(["HGET", "\(prefix):chain:31337:cursor", "number"]).int != 3 {
            try #require(ContinuousClock.now < deadline, "the ingestor never reached block 3")
            try await Task.sleep(for: .milliseconds(20))
        }
        await process.stop(signal: SIGTERM)
        #expect(process.exitStatus == 0)
        #expect(try await redis.send(["GET", "\(prefix):chain:31337:lease"]) == .null)
        await redis.close()
        await chain.stop()
    }
}
