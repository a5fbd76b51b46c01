import CoreMetrics
import Foundation
import Logging
import Observability
import Prometheus
import TestSupport
import Testing

/// The three routes on a real `OperationalServer`, against a private redis-server (killed and restarted) and the
/// test PostgreSQL.
@Suite struct OperationalRoutesTests {
    let logger = Logger(label: "test.operational")

    @Test func healthzSaysOKInJSON() async throws {
        let server = try await OperationalServer.start(
            address: "127.0.0.1:0", routes: OperationalRoutes(registry: PrometheusCollectorRegistry(), checks: []),
            logger: logger)
        let probe = try HTTPProbe()
        let answer = try await probe.get("http://127.0.0.1:\(server.port)/healthz")
        await probe.shutdown()
        await server.stop()
        #expect(answer.status == 200)
        #expect(answer.contentType == "application/json")
        #expect(answer.body == #"{"status":"ok"}"#)
    }

    @Test func metricsIsPrometheusTextThatPrometheusClientParses() async throws {
        let registry = PrometheusCollectorRegistry()
        let factory = PrometheusMetricsFactory(registry: registry)
        let counter = Counter(label: "evmhook_test_total", dimensions: [("endpoint", "a\"b")], factory: factory)
        counter.increment(by: 3)
        let timer = Timer(label: "evmhook_test_seconds", factory: factory)
        timer.recordMilliseconds(30)
        let server = try await OperationalServer.start(
            address: "127.0.0.1:0", routes: OperationalRoutes(registry: registry, checks: []), logger: logger)
        let probe = try HTTPProbe()
        let answer = try await probe.get("http://127.0.0.1:\(server.port)/metrics")
        await probe.shutdown()
        await server.stop()
        #expect(answer.status == 200)
        #expect(answer.contentType == "text/plain; version=0.0.4; charset=utf-8")
        let parsed = try await PrometheusText(parsing: answer.body)
        #expect(parsed.value("evmhook_test_total", ["endpoint": "a\"b"]) == 3)
        #expect(parsed.value("evmhook_test_seconds_count") == 1)
        #expect(parsed.value("evmhook_test_seconds_bucket", ["le": "0.05"]) == 1)
    }

    @Test(.timeLimit(.minutes(2))) func readyzNamesRedisWhileItIsDownAndRecoversWhenItIsBack() async throws {
        let redis = try await RedisServerProcess()
        let checks = [
            // Timeouts for a loaded test machine: the checks run on the cooperative pool the other tests keep busy.
            ReadinessCheck.redis(url: redis.url, timeout: .seconds(5), logger: logger),
            ReadinessCheck.postgres(url: try TestEnvironment.databaseURL(), timeout: .seconds(5), logger: logger),
        ]
        let server = try await OperationalServer.start(
            address: "127.0.0.1:0", routes: OperationalRoutes(registry: PrometheusCollectorRegistry(), checks: checks),
            logger: logger)
        let probe = try HTTPProbe()
        let url = "http://127.0.0.1:\(server.port)/readyz"

        let ready = try await probe.waitFor("ready", at: url) { $0.status == 200 }
        #expect(ready.contentType == "application/json")
        #expect(ready.body == #"{"status":"ready","checks":{"redis":"ok","postgres":"ok"}}"#)

        await redis.kill()
        let down = try await probe.waitFor("503", at: url) { $0.status == 503 }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(down.body.utf8)) as? [String: Any])
        #expect(json["status"] as? String == "unready")
        let results = try #require(json["checks"] as? [String: String])
        #expect(results["postgres"] == "ok")
        let redisResult = try #require(results["redis"])
        #expect(redisResult.hasPrefix("down: "), "\(redisResult)")
        #expect(!redisResult.contains("\n"))

        try await redis.restart()
        let back = try await probe.waitFor("200 again", at: url) { $0.status == 200 }
        #expect(back.body == #"{"status":"ready","checks":{"redis":"ok","postgres":"ok"}}"#)
        await probe.shutdown()
        await server.stop()
        await redis.kill()
    }

    @Test func aCheckThatHangsReadsDownWithinItsTimeout() async throws {
        let stuck = ReadinessCheck(name: "node", timeout: .milliseconds(300)) {
            try await Task.sleep(for: .seconds(600))
        }
        let server = try await OperationalServer.start(
            address: "127.0.0.1:0", routes: OperationalRoutes(registry: PrometheusCollectorRegistry(), checks: [stuck]),
            logger: logger)
        let probe = try HTTPProbe()
        let started = ContinuousClock.now
        let answer = try await probe.get("http://127.0.0.1:\(server.port)/readyz")
        let took = ContinuousClock.now - started
        await probe.shutdown()
        await server.stop()
        #expect(answer.status == 503)
        #expect(answer.body.contains(#""node":"down: no answer within"#), "\(answer.body)")
        // Far below the hang, with room for a loaded machine.
        #expect(took < .seconds(60))
    }

    struct ProbeFailure: Error, CustomStringConvertible {
        let description: String
    }

    @Test func aFailureReasonIsOneLineOfValidJSON() async throws {
        let failing = ReadinessCheck(name: "postgres") {
            throw ProbeFailure(description: "FATAL: \"evmhook\" does not exist\n\tDETAIL: \\ and \u{1}")
        }
        let server = try await OperationalServer.start(
            address: "127.0.0.1:0",
            routes: OperationalRoutes(registry: PrometheusCollectorRegistry(), checks: [failing]), logger: logger)
        let probe = try HTTPProbe()
        let answer = try await probe.get("http://127.0.0.1:\(server.port)/readyz")
        await probe.shutdown()
        await server.stop()
        #expect(answer.status == 503)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any])
        let checks = try #require(json["checks"] as? [String: String])
        #expect(checks["postgres"] == "down: FATAL: \"evmhook\" does not exist \tDETAIL: \\ and \u{1}")
    }

    @Test func aBadMetricsAddressNamesTheSetting() async throws {
        await #expect {
            try await OperationalServer.start(
                address: "localhost", routes: OperationalRoutes(registry: PrometheusCollectorRegistry(), checks: []),
                logger: logger)
        } throws: { error in
            "\(error)".contains("EVMHOOK_METRICS_ADDR")
        }
    }
}
