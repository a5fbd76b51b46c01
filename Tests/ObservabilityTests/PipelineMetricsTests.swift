import DevChain
import Foundation
import TestSupport
import Testing

/// `evmhook ingest`, `process` and `deliver` as separate processes, each with its own `EVMHOOK_METRICS_ADDR`, from
/// the dev chain to a verifying receiver: every `/metrics` parses with PyPI `prometheus-client` and its counters
/// follow what the chain and the receiver saw, through more blocks and a reorg.
@Suite struct PipelineMetricsTests {
    @Test(.timeLimit(.minutes(5))) func countersFollowThePipelineAsItRuns() async throws {
        try await TestSchema.with { schema in
            let chain = try await DevChain.start(DevChainConfiguration(port: 0, blockTime: nil, logsPerBlock: 4))
            let receiver = try await WebhookReceiver()
            let probe = try HTTPProbe()
            let endpoint = try await schema.addEndpoint(url: receiver.url("/all"))
            try await receiver.configure("/all", secrets: [endpoint.secret])

            let prefix = TestEnvironment.uniqueName("obs")
            let environment = [
                "EVMHOOK_RPC_URL": chain.webSocketURL, "EVMHOOK_REDIS_URL": try TestEnvironment.redisURL(),
                "EVMHOOK_REDIS_PREFIX": prefix, "EVMHOOK_DATABASE_URL": schema.url,
                "EVMHOOK_ALLOW_PRIVATE_TARGETS": "1",
            ]
            let binary = try EvmhookBinary.executable().path
            var services: [String: (child: ChildProcess, url: String)] = [:]
            for (name, arguments) in [
                ("ingest", ["ingest", "--block-time", "100ms", "--start-block", "0"]), ("process", ["process"]),
                ("deliver", ["deliver"]),
            ] {
                let port = try FreePort.next()
                let child = try ChildProcess(
                    binary, arguments,
                    environment: environment.merging(["EVMHOOK_METRICS_ADDR": "127.0.0.1:\(port)"]) { $1 })
                services[name] = (child, "http://127.0.0.1:\(port)")
            }
            defer {
                Task { [services] in for service in services.values { await service.child.stop(signal: SIGTERM) } }
            }
            let ingest = try #require(services["ingest"]?.url)
            let process = try #require(services["process"]?.url)
            let deliver = try #require(services["deliver"]?.url)

            // Readiness names each process's own dependencies.
            let ingestReady = try await probe.waitFor("ingest ready", at: ingest + "/readyz") { $0.status == 200 }
            #expect(ingestReady.body == #"{"status":"ready","checks":{"redis":"ok","node":"ok"}}"#)
            for url in [process, deliver] {
                let ready = try await probe.waitFor("ready", at: url + "/readyz") { $0.status == 200 }
                #expect(ready.body == #"{"status":"ready","checks":{"redis":"ok","postgres":"ok"}}"#)
                #expect(try await probe.get(url + "/healthz").body == #"{"status":"ok"}"#)
            }

            // A first run of blocks: every counter matches what the chain holds and the receiver got.
            await chain.mine(10)
            var head = await chain.head().number
            var logs = await chain.logs(in: 0...head).count
            try await receiver.waitFor("\(logs) deliveries", to: "/all", within: .seconds(60)) { $0.count >= logs }
            try await Self.expectMetrics(at: ingest, probe: probe) { metrics in
                metrics.value("evmhook_logs_ingested_total", ["chain": "31337"]) == Double(logs)
                    && metrics.value("evmhook_ingested_block", ["chain": "31337"]) == Double(head)
                    && metrics.value("evmhook_chain_head_block", ["chain": "31337"]) == Double(head)
            }
            let first = try await Self.metrics(at: ingest, probe: probe)
            #expect(first.value("evmhook_chain_head_block", ["chain": "31337"]) == Double(head))
            #expect(first.value("evmhook_ingest_lag_blocks", ["chain": "31337"]) == 0)
            try await Self.expectMetrics(at: process, probe: probe) {
                $0.value("evmhook_jobs_enqueued_total") == Double(logs)
                    && $0.value("evmhook_stream_entries_processed_total") == Double(logs)
                    && $0.value("evmhook_process_lag_seconds_count") >= 1 && $0.has("evmhook_stream_length")
                    && $0.has("evmhook_stream_pending_entries")
            }
            let id = endpoint.id.lowercased()
            try await Self.expectMetrics(at: deliver, probe: probe) {
                $0.value("evmhook_deliveries_total", ["endpoint": id, "status_class": "2xx"]) == Double(logs)
                    && $0.value("evmhook_deliveries_total", ["endpoint": id, "status_class": "5xx"]) == 0
                    && $0.value("evmhook_delivery_latency_seconds_count") == Double(logs)
                    && $0.value("evmhook_delivery_attempts_bucket", ["le": "1.0"]) == Double(logs)
                    && $0.value("evmhook_queue_depth") == 0 && $0.has("evmhook_retry_set_depth")
            }

            // More blocks and a reorg of depth 2: the counters move on, and the reorg is counted by its depth.
            // The reorg must orphan blocks the Ingestor already emitted, or it has nothing to take back.
            await chain.mine(5)
            let tip = await chain.head().number
            try await Self.expectMetrics(at: ingest, probe: probe) {
                $0.value("evmhook_ingested_block", ["chain": "31337"]) == Double(tip)
            }
            try await chain.reorg(depth: 2)
            head = await chain.head().number
            logs = await chain.logs(in: 0...head).count
            try await Self.expectMetrics(at: ingest, probe: probe) {
                $0.value("evmhook_reorg_depth_blocks_count", ["chain": "31337"]) == 1
                    && $0.value("evmhook_reorg_depth_blocks_bucket", ["chain": "31337", "le": "2.0"]) == 1
                    && $0.value("evmhook_reorg_depth_blocks_bucket", ["chain": "31337", "le": "1.0"]) == 0
                    && $0.value("evmhook_ingested_block", ["chain": "31337"]) == Double(head)
            }
            let moved = try await Self.metrics(at: ingest, probe: probe)
            // Every canonical log, plus the orphaned ones that were already in the stream.
            #expect(moved.value("evmhook_logs_ingested_total", ["chain": "31337"]) >= Double(logs))
            try await Self.expectMetrics(at: deliver, probe: probe) {
                $0.value("evmhook_deliveries_total", ["endpoint": id, "status_class": "2xx"])
                    > Double(
                        first.value(
                            "evmhook_logs_ingested_total", ["chain": "31337"]))
            }

            // The endpoint deleted: its series leave deliver's /metrics (they would pile up, one set per endpoint).
            #expect(try await Self.metrics(at: deliver, probe: probe).has("evmhook_breaker_open", ["endpoint": id]))
            let deleted = try await schema.run(["endpoint", "delete", id])
            try #require(deleted.status == 0, "\(deleted.stderr)")
            try await Self.expectMetrics(at: deliver, probe: probe) {
                !$0.has("evmhook_deliveries_total", ["endpoint": id])
                    && !$0.has("evmhook_breaker_open", ["endpoint": id])
                    && $0.has("evmhook_delivery_latency_seconds_count")
            }

            // The node gone: ingest's readiness names it, and stays alive (healthz) while it reconnects.
            await chain.stop()
            let unready = try await probe.waitFor("503 naming the node", at: ingest + "/readyz") { $0.status == 503 }
            #expect(
                unready.body.hasPrefix(#"{"status":"unready","checks":{"redis":"ok","node":"down: "#), "\(unready.body)"
            )
            #expect(try await probe.get(ingest + "/healthz").status == 200)
            await probe.shutdown()
            await receiver.shutdown()
        }
    }

    static func metrics(at base: String, probe: HTTPProbe) async throws -> PrometheusText {
        let answer = try await probe.get(base + "/metrics")
        #expect(answer.contentType == "text/plain; version=0.0.4; charset=utf-8")
        return try await PrometheusText(parsing: answer.body)
    }

    /// Scrapes `base` until `condition` holds (the depths are sampled, the counters move as work finishes).
    static func expectMetrics(
        at base: String, probe: HTTPProbe, within deadline: Duration = .seconds(60),
        _ condition: (PrometheusText) -> Bool
    ) async throws {
        let end = ContinuousClock.now + deadline
        while true {
            let metrics = try await metrics(at: base, probe: probe)
            if condition(metrics) { return }
            guard ContinuousClock.now < end else {
                let names = metrics.samples.filter { $0.key.hasPrefix("evmhook_") }
                    .map { "\($0.key)=\($0.value.compactMap(\.value))" }.sorted()
                Issue.record("metrics at \(base) never matched; last scrape: \(names)")
                return
            }
            try await Task.sleep(for: .milliseconds(200))
        }
    }
}
