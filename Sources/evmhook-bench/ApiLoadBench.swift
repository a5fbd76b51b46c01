import ArgumentParser
import Delivery
import DevChain
import Foundation
import LibPQ
import Logging
import Store

/// `evmhook-bench api-load`: the admin API of `evmhook run` (release build) under wrk while the pipeline delivers
/// the dev chain's logs to `--receiver-url`. Cost to the pipeline: the same backlog delivered alone, with wrk on
/// `GET /v1/endpoints/{id}` (64 connections), and with the same wrk on `--control-url` (another nginx: what wrk and a
/// fast server cost two shared cores without the API), logs/s between the 10th and 90th percentile of the recorded
/// attempts.
/// At the issue's 1,000 logs/s: the pipeline alone and with wrk on `GET /v1/endpoints/{id}` (delivered logs/s, and
/// block mined → attempt recorded per log), and what the API answers meanwhile, then the same for `GET /metrics` and,
/// as the latency control, for wrk on `--control-url`.
struct ApiLoadBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api-load", abstract: "Admin API requests/s under pipeline load, and the pipeline's cost of it.")

    @Option(help: "The release `evmhook` binary.") var evmhook: String
    @Option(help: "The Redis server.") var redisURL: String
    @Option(help: "The PostgreSQL database (a fresh schema is made in it and dropped after).") var databaseURL: String
    @Option(help: "The migrations directory.") var migrations: String
    @Option(help: "A receiver answering 2xx (nginx-204).") var receiverURL: String
    @Option(help: "Another server for the control run's wrk (a second nginx-204).") var controlURL: String
    @Option(name: .customLong("logs-per-block")) var logsPerBlock = 100
    @Option(help: "Logs mined at once for each throughput run.") var backlogLogs = 30_000
    @Option(help: "Seconds of wrk at 1,000 logs/s, per route.") var seconds = 10

    func run() async throws {
        var logger = Logger(label: "evmhook-bench.api-load")
        logger.logLevel = .error
        let bench = try await BenchSchema.create(
            prefix: "bench_api", databaseURL: databaseURL, migrations: migrations, logger: logger)
        let chain = try await DevChain.start(
            DevChainConfiguration(port: 0, blockTime: nil, logsPerBlock: logsPerBlock), logger: logger)
        let endpoint = try await EndpointStore(connection: bench.connection).insert(
            Endpoint(
                url: receiverURL, chainID: chain.configuration.chainID, secret: try WebhookSecret.generate().encoded))
        let environment = ProcessInfo.processInfo.environment.merging([
            "EVMHOOK_RPC_URL": chain.webSocketURL, "EVMHOOK_REDIS_URL": redisURL, "EVMHOOK_REDIS_PREFIX": bench.name,
            "EVMHOOK_DATABASE_URL": bench.url, "EVMHOOK_ALLOW_PRIVATE_TARGETS": "1", "EVMHOOK_API_ADDR": "127.0.0.1:0",
        ]) { $1 }
        let created = try Self.output(
            of: evmhook, ["apikey", "create", "--name", "bench", "--scope", "read", "--json"], environment: environment)
        guard let object = try JSONSerialization.jsonObject(with: created) as? [String: Any],
            let key = object["key"] as? String
        else { throw ValidationError("apikey create printed no key") }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: evmhook)
        process.arguments = ["run", "--block-time", "100ms", "--start-block", "0"]
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        let base = try Self.apiBase(announcedOn: output.fileHandleForReading)
        // Read on, so a full pipe never blocks the process.
        output.fileHandleForReading.readabilityHandler = { _ = $0.availableData }
        let attempts = AttemptCounter(database: bench.connection)

        await chain.mine(1)
        try await attempts.wait(for: logsPerBlock, within: .seconds(60))

        let alone = try await backlogThroughput(chain: chain, attempts: attempts)
        let endpointURL = "\(base)/v1/endpoints/\(endpoint.id.uuidString.lowercased())"
        let hammer = try Wrk.start(url: endpointURL, key: key, seconds: 3_600)
        try await Task.sleep(for: .seconds(1))
        let loaded = try await backlogThroughput(chain: chain, attempts: attempts)
        hammer.stop()
        let control = try Wrk.start(url: controlURL, key: nil, seconds: 3_600)
        try await Task.sleep(for: .seconds(1))
        let controlled = try await backlogThroughput(chain: chain, attempts: attempts)
        control.stop()

        let steady = try await steadyLoad(url: nil, key: nil, chain: chain, attempts: attempts).pipeline
        let (endpointRun, steadyWithAPI) = try await steadyLoad(
            url: endpointURL, key: key, chain: chain, attempts: attempts)
        let metricsRun = try await steadyLoad(url: "\(base)/metrics", key: nil, chain: chain, attempts: attempts).wrk
        // The same wrk on nginx at the same pipeline load: what latency the host allows a fast server.
        let controlRun = try await steadyLoad(url: controlURL, key: nil, chain: chain, attempts: attempts).wrk
        guard let endpointFigures = endpointRun, let metricsFigures = metricsRun, let controlFigures = controlRun else {
            throw ValidationError("wrk gave no figures")
        }

        await chain.stop()
        try await bench.drop()
        let ratio = loaded / alone
        let controlRatio = controlled / alone
        print(
            "pipeline backlog: \(Int(alone)) logs/s alone, \(Int(loaded)) logs/s with wrk on the API "
                + "(\(String(format: "%.3f", ratio))), \(Int(controlled)) logs/s with wrk on nginx "
                + "(\(String(format: "%.3f", controlRatio)))")
        print(
            "at 1,000 logs/s: GET /v1/endpoints/{id} \(endpointFigures.summary); GET /metrics \(metricsFigures.summary); "
                + "control, nginx \(controlFigures.summary)")
        print(
            "pipeline at 1,000 logs/s, block mined → attempt recorded: alone \(steady.summary); "
                + "with wrk on GET /v1/endpoints/{id} \(steadyWithAPI.summary)")
        print(
            "{\"pipeline_alone_logs_s\":\(Int(alone)),\"pipeline_with_api_load_logs_s\":\(Int(loaded)),"
                + "\"ratio_pipeline_with_vs_without_api_load\":\((ratio * 1_000).rounded() / 1_000),"
                + "\"pipeline_with_nginx_load_logs_s\":\(Int(controlled)),"
                + "\"ratio_pipeline_with_vs_without_nginx_load\":\((controlRatio * 1_000).rounded() / 1_000),"
                + "\"ratio_pipeline_api_vs_nginx_load\":\((loaded / controlled * 1_000).rounded() / 1_000),"
                + endpointFigures.json(prefix: "loaded_endpoint") + "," + metricsFigures.json(prefix: "loaded_metrics")
                + "," + controlFigures.json(prefix: "loaded_nginx")
                + "," + steady.json(prefix: "steady_pipeline") + ","
                + steadyWithAPI.json(prefix: "steady_pipeline_with_api")
                + ",\"ratio_steady_pipeline_with_vs_without_api_load\":"
                + "\((steadyWithAPI.logsPerSecond / steady.logsPerSecond * 1_000).rounded() / 1_000)}")
    }

    /// Mines `backlogLogs` at once and returns the logs/s recorded between its 10th and 90th percentile, once all
    /// are delivered.
    private func backlogThroughput(chain: DevChain, attempts: AttemptCounter) async throws -> Double {
        let before = try await attempts.count()
        let blocks = max(10, backlogLogs / logsPerBlock) / 10 * 10
        for _ in 0..<(blocks / 10) { await chain.mine(10) }
        let total = blocks * logsPerBlock
        let clock = ContinuousClock()
        var tenth: ContinuousClock.Instant?
        let deadline = clock.now + .seconds(600)
        while clock.now < deadline {
            let done = try await attempts.count() - before
            if tenth == nil && done >= total / 10 { tenth = clock.now }
            if let tenth, done >= total * 9 / 10 {
                let rate = Double(total * 8 / 10) / (clock.now - tenth).inSeconds
                // The rest too, so the next run starts on an idle pipeline.
                try await attempts.wait(for: before + total, within: .seconds(600))
                return rate
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw ValidationError("the backlog of \(total) logs was not delivered within 600 s")
    }

    /// Blocks bring 1,000 logs/s for `seconds` while wrk runs on `url` (none: the pipeline alone); waits until they
    /// are all delivered. Returns wrk's figures and the pipeline's: block mined → attempt recorded, per log.
    private func steadyLoad(url: String?, key: String?, chain: DevChain, attempts: AttemptCounter) async throws
        -> (wrk: Wrk.Figures?, pipeline: PipelineLatency)
    {
        let before = try await attempts.count()
        let wrk = try url.map { try Wrk.start(url: $0, key: key, seconds: seconds) }
        let clock = ContinuousClock()
        var tick = clock.now
        var minedAt: [Int64: Int64] = [:]
        while minedAt.count < seconds * 10 {
            let number = await chain.mine(1)
            minedAt[Int64(number)] = Int64(Date().timeIntervalSince1970 * 1_000_000)
            tick = tick.advanced(by: .milliseconds(100))
            try await Task.sleep(until: tick, clock: clock)
        }
        let figures = try wrk?.figures()
        try await attempts.wait(for: before + minedAt.count * logsPerBlock, within: .seconds(120))
        return (figures, try await attempts.latency(since: minedAt))
    }

    /// The `http://host:port` of the admin API, from the line `evmhook run` prints once it listens.
    private static func apiBase(announcedOn handle: FileHandle) throws -> String {
        var text = ""
        let announcement = "admin API listening on "
        while true {
            let chunk = handle.availableData
            guard !chunk.isEmpty else { throw ValidationError("evmhook run ended before its API listened") }
            text += String(decoding: chunk, as: UTF8.self)
            if let start = text.range(of: announcement),
                let end = text[start.upperBound...].firstIndex(of: "\n")
            {
                return String(text[start.upperBound..<end])
            }
        }
    }

    private static func output(of executable: String, _ arguments: [String], environment: [String: String]) throws
        -> Data
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ValidationError("\(arguments.joined(separator: " ")) failed")
        }
        return data
    }
}

/// The attempts `evmhook run` recorded in the bench schema (one per delivery here: the receiver answers 2xx).
private struct AttemptCounter {
    let database: PostgresConnection

    func count() async throws -> Int {
        try await database.query("SELECT count(*) AS n FROM delivery_attempts")[0].decode(Int.self, "n")
    }

    /// Per log of the blocks in `minedAt` (block number → µs since 1970 when mined): from its block's mining to its
    /// attempt's record (`created_at`, the recording batch's transaction time).
    func latency(since minedAt: [Int64: Int64]) async throws -> PipelineLatency {
        let rows = try await database.query(
            "SELECT block_number AS b, (extract(epoch FROM created_at) * 1000000)::bigint AS us FROM delivery_attempts "
                + "WHERE block_number BETWEEN $1 AND $2",
            [.bigint(minedAt.keys.min() ?? 0), .bigint(minedAt.keys.max() ?? 0)])
        var latencies: [Int64] = []
        var lastRecorded: Int64 = 0
        for row in rows {
            guard let mined = minedAt[try row.decode(Int64.self, "b")] else { continue }
            let recorded = try row.decode(Int64.self, "us")
            latencies.append(recorded - mined)
            lastRecorded = max(lastRecorded, recorded)
        }
        guard !latencies.isEmpty, let firstMined = minedAt.values.min() else {
            throw ValidationError("no attempts recorded for the blocks mined")
        }
        latencies.sort()
        return PipelineLatency(
            logs: latencies.count, p50Milliseconds: Double(latencies[latencies.count / 2]) / 1_000,
            p99Milliseconds: Double(latencies[latencies.count * 99 / 100]) / 1_000,
            logsPerSecond: Double(latencies.count) / (Double(lastRecorded - firstMined) / 1_000_000))
    }

    func wait(for count: Int, within limit: Duration) async throws {
        let deadline = ContinuousClock.now + limit
        while try await self.count() < count {
            guard ContinuousClock.now < deadline else {
                throw ValidationError("only \(try await self.count()) of \(count) deliveries in \(limit)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}

/// The pipeline at a steady offered rate: delivered logs/s (first block mined → last attempt recorded) and the
/// latency of each log.
private struct PipelineLatency {
    var logs: Int
    var p50Milliseconds: Double
    var p99Milliseconds: Double
    var logsPerSecond: Double

    var summary: String {
        "\(logs) logs at \(Int(logsPerSecond)) logs/s, p50 \(Self.format(p50Milliseconds)) ms, "
            + "p99 \(Self.format(p99Milliseconds)) ms"
    }

    func json(prefix: String) -> String {
        "\"\(prefix)_logs_s\":\(Int(logsPerSecond)),\"\(prefix)_p50_ms\":\(Self.format(p50Milliseconds)),"
            + "\"\(prefix)_p99_ms\":\(Self.format(p99Milliseconds))"
    }

    private static func format(_ value: Double) -> String { String(format: "%.1f", value) }
}

/// A wrk run (2 threads, 64 connections) in a child process.
private struct Wrk {
    struct Figures {
        var requestsPerSecond: Int
        var p50Milliseconds: Double
        var p99Milliseconds: Double
        var non2xx: Int

        var summary: String { "\(requestsPerSecond) req/s, p50 \(p50Milliseconds) ms, p99 \(p99Milliseconds) ms" }

        func json(prefix: String) -> String {
            "\"\(prefix)_rps\":\(requestsPerSecond),\"\(prefix)_p50_ms\":\(p50Milliseconds),"
                + "\"\(prefix)_p99_ms\":\(p99Milliseconds),\"\(prefix)_non_2xx\":\(non2xx)"
        }
    }

    let process: Process
    let output: Pipe

    static func start(url: String, key: String?, seconds: Int) throws -> Wrk {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            ["wrk", "-t2", "-c64", "-d\(seconds)s", "--latency"]
            + (key.map { ["-H", "Authorization: Bearer \($0)"] } ?? [])
            + [url]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        return Wrk(process: process, output: output)
    }

    /// Kills it (its figures are not wanted): SIGTERM and SIGINT stay blocked in the mask wrk inherits from this
    /// process's threads.
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Waits for the run to end and reads its figures.
    func figures() throws -> Figures {
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        func number(after label: String) -> Double? {
            guard let range = text.range(of: label) else { return nil }
            let rest = text[range.upperBound...].drop { $0 == " " }
            let token = rest.prefix { !$0.isWhitespace }
            for (unit, scale) in [("ms", 1.0), ("us", 0.001), ("s", 1_000.0)] where token.hasSuffix(unit) {
                return Double(token.dropLast(unit.count)).map { $0 * scale }
            }
            return Double(token)
        }
        guard let rps = number(after: "Requests/sec:"), let p50 = number(after: " 50%"), let p99 = number(after: " 99%")
        else { throw ValidationError("wrk printed no figures: \(text)") }
        return Figures(
            requestsPerSecond: Int(rps), p50Milliseconds: p50, p99Milliseconds: p99,
            non2xx: Int(number(after: "Non-2xx or 3xx responses:") ?? 0))
    }
}
