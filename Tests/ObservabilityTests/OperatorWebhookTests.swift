import Foundation
import Hiredis
import Logging
import Pipeline
import TestSupport
import Testing

/// `evmhook deliver` with `EVMHOOK_OPERATOR_WEBHOOK_URL`: the four operator events reach a receiver that verifies
/// each with the PyPI `standardwebhooks` library, and the dead letters and breaker show in `/metrics`.
@Suite struct OperatorWebhookTests {
    @Test(.timeLimit(.minutes(3))) func disabledFailingRecoveredAndExhaustedReachTheOperator() async throws {
        try await TestSchema.with { schema in
            let receiver = try await WebhookReceiver()
            let probe = try HTTPProbe()
            let gone = try await schema.addEndpoint(url: receiver.url("/gone"))
            let flaky = try await schema.addEndpoint(url: receiver.url("/flaky"))
            let down = try await schema.addEndpoint(url: receiver.url("/down"), ["--max-attempts", "2"])
            try await receiver.configure("/gone", secrets: [gone.secret], status: 410)
            // Two failures open the breaker (2 = --breaker-failures); the probe after the cool-down succeeds.
            try await receiver.configure("/flaky", secrets: [flaky.secret], statuses: [500, 500], status: 204)
            try await receiver.configure("/down", secrets: [down.secret], status: 503)
            let operatorSecret = "whsec_" + Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
            try await receiver.configure("/operator", secrets: [operatorSecret])

            let prefix = TestEnvironment.uniqueName("obs-op")
            let redis = try await RedisConnection.connect(
                to: try TestEnvironment.redisURL(), logger: Logger(label: "test.operator"))
            let keys = RedisKeys(prefix: prefix)
            for (index, endpoint) in [gone, flaky, down].enumerated() {
                let job = DeliveryJob(
                    endpointID: try #require(UUID(uuidString: endpoint.id)), webhookID: "msg_operator_\(index)",
                    type: .log, enqueuedAt: UInt64(Date().timeIntervalSince1970 * 1_000), body: #"{"n":\#(index)}"#)
                _ = try await redis.send(["LPUSH", keys.jobs, job.encoded])
            }
            await redis.close()

            let port = try FreePort.next()
            let deliver = try ChildProcess(
                try EvmhookBinary.executable().path, ["deliver", "--breaker-failures", "2"],
                environment: [
                    "EVMHOOK_REDIS_URL": try TestEnvironment.redisURL(), "EVMHOOK_REDIS_PREFIX": prefix,
                    "EVMHOOK_DATABASE_URL": schema.url, "EVMHOOK_ALLOW_PRIVATE_TARGETS": "1",
                    "EVMHOOK_RETRY_SCHEDULE": "200ms,200ms,200ms,200ms",
                    "EVMHOOK_METRICS_ADDR": "127.0.0.1:\(port)",
                    "EVMHOOK_OPERATOR_WEBHOOK_URL": receiver.url("/operator"),
                    "EVMHOOK_OPERATOR_WEBHOOK_SECRET": operatorSecret,
                ])
            defer { Task { await deliver.stop(signal: SIGTERM) } }

            let kinds = [
                "evmhook.endpoint.disabled", "evmhook.endpoint.failing", "evmhook.endpoint.recovered",
                "evmhook.delivery.exhausted",
            ]
            let requests = try await receiver.waitFor("the four operator events", to: "/operator", within: .seconds(60))
            { requests in
                Set(requests.compactMap { try? Self.event($0).type }).isSuperset(of: kinds)
            }
            #expect(requests.allSatisfy { $0.verified == [true] }, "an operator event failed standardwebhooks")
            let events = try requests.map(Self.event)
            #expect(Set(requests.compactMap(\.id)).count == requests.count, "operator events share a webhook-id")

            let disabled = try #require(events.first { $0.type == "evmhook.endpoint.disabled" })
            #expect(disabled.data.endpointId == gone.id.lowercased())
            #expect(disabled.data.url == receiver.url("/gone"))
            #expect(disabled.data.lastStatus == 410)
            #expect(disabled.data.webhookId == "msg_operator_0")

            let failing = events.filter { $0.type == "evmhook.endpoint.failing" }
            #expect(failing.contains { $0.data.endpointId == flaky.id.lowercased() })
            #expect(failing.allSatisfy { $0.data.counts["consecutiveFailures"] == 2 })
            let recovered = try #require(events.first { $0.type == "evmhook.endpoint.recovered" })
            #expect(recovered.data.endpointId == flaky.id.lowercased())
            #expect(recovered.data.url == receiver.url("/flaky"))

            let exhausted = try #require(events.first { $0.type == "evmhook.delivery.exhausted" })
            #expect(exhausted.data.endpointId == down.id.lowercased())
            #expect(exhausted.data.counts["attempts"] == 2)
            #expect(exhausted.data.lastStatus == 503)
            #expect(exhausted.data.webhookId == "msg_operator_2")
            #expect(exhausted.data.reason.contains("503"))
            #expect(events.allSatisfy { ISO8601DateFormatter().date(from: $0.timestamp) != nil })

            try await PipelineMetricsTests.expectMetrics(at: "http://127.0.0.1:\(port)", probe: probe) {
                $0.value("evmhook_dead_letters_total", ["reason": "gone"]) == 1
                    && $0.value("evmhook_dead_letters_total", ["reason": "exhausted"]) == 1
                    && $0.value("evmhook_breaker_open", ["endpoint": flaky.id.lowercased()]) == 0
                    && $0.value("evmhook_deliveries_total", ["endpoint": flaky.id.lowercased(), "status_class": "5xx"])
                        == 2
                    && $0.value("evmhook_operator_events_total", ["outcome": "sent"]) >= 4
            }
            await probe.shutdown()
            await receiver.shutdown()
        }
    }

    /// With an operator webhook configured, every event type and outcome is in `/metrics` at 0 before any event.
    @Test func everyOperatorSeriesIsExportedAtZeroFromTheStart() async throws {
        try await TestSchema.with { schema in
            let probe = try HTTPProbe()
            let port = try FreePort.next()
            let deliver = try ChildProcess(
                try EvmhookBinary.executable().path, ["deliver"],
                environment: [
                    "EVMHOOK_REDIS_URL": try TestEnvironment.redisURL(),
                    "EVMHOOK_REDIS_PREFIX": TestEnvironment.uniqueName("obs-op0"), "EVMHOOK_DATABASE_URL": schema.url,
                    "EVMHOOK_METRICS_ADDR": "127.0.0.1:\(port)",
                    "EVMHOOK_OPERATOR_WEBHOOK_URL": "http://127.0.0.1:9/operator",
                    "EVMHOOK_OPERATOR_WEBHOOK_SECRET": "whsec_" + Data(repeating: 7, count: 32).base64EncodedString(),
                ])
            defer { Task { await deliver.stop(signal: SIGTERM) } }
            let kinds = [
                "evmhook.endpoint.disabled", "evmhook.endpoint.failing", "evmhook.endpoint.recovered",
                "evmhook.delivery.exhausted",
            ]
            let base = "http://127.0.0.1:\(port)"
            _ = try await probe.waitFor("deliver serving /healthz", at: base + "/healthz") { $0.status == 200 }
            try await PipelineMetricsTests.expectMetrics(at: base, probe: probe) { metrics in
                kinds.allSatisfy { kind in
                    ["sent", "dropped"].allSatisfy { outcome in
                        metrics.has("evmhook_operator_events_total", ["type": kind, "outcome": outcome])
                    }
                } && metrics.value("evmhook_operator_events_total") == 0
            }
            await probe.shutdown()
        }
    }

    /// Half an operator webhook setup exits 2 naming what is missing: the URL without its secret, or the secret
    /// without a URL (which would otherwise wait for events that never come).
    @Test(arguments: [
        ("EVMHOOK_OPERATOR_WEBHOOK_URL", "http://127.0.0.1:9/operator", "EVMHOOK_OPERATOR_WEBHOOK_SECRET is required"),
        (
            "EVMHOOK_OPERATOR_WEBHOOK_SECRET", "whsec_" + Data(repeating: 7, count: 32).base64EncodedString(),
            "EVMHOOK_OPERATOR_WEBHOOK_SECRET is set without EVMHOOK_OPERATOR_WEBHOOK_URL"
        ),
    ])
    func halfASetupIsRefusedNamingTheSettings(setting: String, value: String, message: String) async throws {
        let result = try await EvmhookBinary.run(
            ["deliver"],
            environment: [
                "EVMHOOK_REDIS_URL": try TestEnvironment.redisURL(),
                "EVMHOOK_DATABASE_URL": try TestEnvironment.databaseURL(), setting: value,
            ])
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    struct Event: Decodable {
        struct Payload: Decodable {
            let endpointId: String
            let url: String?
            let reason: String
            let counts: [String: Int]
            let webhookId: String?
            let lastStatus: Int?
        }

        let type: String
        let timestamp: String
        let data: Payload
    }

    static func event(_ request: WebhookReceiver.Delivery) throws -> Event {
        try JSONDecoder().decode(Event.self, from: Data(request.body.utf8))
    }
}
