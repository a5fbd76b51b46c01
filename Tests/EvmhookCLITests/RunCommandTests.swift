import Delivery
import DevChain
import Foundation
import Logging
import SampleReceiver
import TestSupport
import Testing

/// `evmhook run`: the three services in one process, configured by the environment, stopped by SIGTERM.
@Suite struct RunCommandTests {
    @Test func deliversEveryLogOnceThenStopsGracefully() async throws {
        try await EndpointCLISchema.with { schema in
            let chain = try await DevChain.start(DevChainConfiguration(port: 0, blockTime: nil, logsPerBlock: 3))
            let secret = try WebhookSecret.generate()
            let receiver = try await SampleReceiver.start(secret: secret, logger: Logger(label: "test")) { _ in }
            let added = try await schema.run(
                ["endpoint", "add", "--url", receiver.url, "--chain", "31337", "--secret", secret.encoded],
                environment: ["EVMHOOK_ALLOW_PRIVATE_TARGETS": "1"])
            try #require(added.status == 0, "\(added.stderr)")

            let run = try ChildProcess(
                try EvmhookBinary.executable().path, ["run", "--block-time", "200ms", "--start-block", "0"],
                environment: [
                    "EVMHOOK_RPC_URL": chain.webSocketURL, "EVMHOOK_REDIS_URL": try TestEnvironment.redisURL(),
                    "EVMHOOK_REDIS_PREFIX": TestEnvironment.uniqueName("run"), "EVMHOOK_DATABASE_URL": schema.url,
                    // Any free port: the admin API runs inside `run` too, and tests run side by side.
                    "EVMHOOK_ALLOW_PRIVATE_TARGETS": "1", "EVMHOOK_API_ADDR": "127.0.0.1:0",
                ])
            _ = try run.waitForLine(containing: "admin API listening")
            _ = try run.waitForLine(containing: "processor ready")
            _ = try run.waitForLine(containing: "taking jobs")
            await chain.mine(5)

            let deadline = ContinuousClock.now + .seconds(60)
            while receiver.received.verified < 15, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(receiver.received == SampleReceiver.Counts(verified: 15, rejected: 0))
            run.stop(signal: SIGTERM)
            #expect(run.exitStatus == 0)
            await receiver.stop()
            await chain.stop()
        }
    }
}
