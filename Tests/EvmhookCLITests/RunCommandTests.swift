import Curl
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
            let listening = try await run.waitForLine(containing: "admin API listening on ")
            let api = String(listening[listening.range(of: "http://")!.lowerBound...])
            _ = try await run.waitForLine(containing: "processor ready")
            _ = try await run.waitForLine(containing: "taking jobs")
            await chain.mine(5)

            let deadline = ContinuousClock.now + .seconds(60)
            while receiver.received.verified < 15, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(receiver.received == SampleReceiver.Counts(verified: 15, rejected: 0))
            try await expectOperationalRoutes(at: api, delivered: 15)
            await run.stop(signal: SIGTERM)
            #expect(run.exitStatus == 0)
            await receiver.stop()
            await chain.stop()
        }
    }

    /// The process's health, readiness (all three of its dependencies) and metrics share the admin API's address.
    private func expectOperationalRoutes(at api: String, delivered: Int) async throws {
        let client = try HTTPClient(
            configuration: .init(bodyCaptureLimit: 16 << 20, addressGuard: .allowingEverything),
            logger: Logger(label: "test.probe"))
        defer { Task { await client.shutdown() } }
        func get(_ path: String) async throws -> (status: Int, body: String) {
            let response = try await client.send(HTTPRequest(url: api + path, timeout: .seconds(10)))
            return (response.status, String(decoding: response.body, as: UTF8.self))
        }
        #expect(try await get("/healthz") == (200, #"{"status":"ok"}"#))
        // Ready once each dependency answered a check in time; on a loaded machine (this test process also serves
        // the node) one may miss its 2 s once, and readiness says so until the next check.
        var ready = try await get("/readyz")
        let readyBy = ContinuousClock.now + .seconds(30)
        while ready.status != 200, ContinuousClock.now < readyBy {
            try await Task.sleep(for: .milliseconds(100))
            ready = try await get("/readyz")
        }
        #expect(ready.status == 200)
        #expect(ready.body == #"{"status":"ready","checks":{"redis":"ok","postgres":"ok","node":"ok"}}"#)
        // Counters of this run only: every log ingested, enqueued and delivered once. The receiver answered before
        // `deliver` settled its last attempts, so the 2xx count may still be catching up.
        var metrics: [Substring] = []
        let deadline = ContinuousClock.now + .seconds(30)
        repeat {
            metrics = try await get("/metrics").body.split(separator: "\n")
            if metrics.contains(where: { Self.isDeliveredCount($0, delivered) }) { break }
            try await Task.sleep(for: .milliseconds(50))
        } while ContinuousClock.now < deadline
        let counters = metrics.filter { $0.hasPrefix("evmhook_logs_") || $0.hasPrefix("evmhook_jobs_") }
        #expect(counters.contains(#"evmhook_logs_ingested_total{chain="31337"} \#(delivered)"#), "\(counters)")
        #expect(counters.contains("evmhook_jobs_enqueued_total \(delivered)"), "\(counters)")
        #expect(
            metrics.contains { Self.isDeliveredCount($0, delivered) },
            "\(metrics.filter { $0.hasPrefix("evmhook_deliveries_total") })")
    }

    /// The `2xx` sample of `evmhook_deliveries_total` (one endpoint in these tests), at `count`.
    private static func isDeliveredCount(_ line: Substring, _ count: Int) -> Bool {
        line.hasPrefix("evmhook_deliveries_total{") && line.contains(#"status_class="2xx""#)
            && line.hasSuffix(" \(count)")
    }
}
