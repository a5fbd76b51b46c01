import ArgumentParser
import ChainKit
import Foundation
import Hiredis
import LibPQ
import Logging
import Observability
import Pipeline
import Processor
import Store

/// `evmhook-bench process`: stream → queue throughput of one Processor with 10,000 endpoints (each log matching one
/// endpoint, then ten), next to plain `XREADGROUP`+`XACK` of the same entries, and the resident memory.
struct ProcessBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "process",
        abstract: "Processor logs/s with 10,000 endpoints (1 and 10 matches per log) vs plain XREADGROUP+XACK; RSS."
    )

    @Option(help: "The Redis server.")
    var redisURL: String

    @Option(help: "The PostgreSQL database (a schema is created in it and dropped afterwards).")
    var databaseURL: String

    @Option(help: "Entries per measurement.")
    var entries = 200_000

    @Option(help: "Endpoints in PostgreSQL.")
    var endpoints = 10_000

    @Option(help: "The migrations directory.")
    var migrations = "migrations"

    @Flag(help: "Measure only the plain loop and the Processor with 1 match per log (for profiling).")
    var onlyOneMatch = false

    func run() async throws {
        var logger = Logger(label: "evmhook-bench.process")
        logger.logLevel = .warning
        let redis = try await RedisConnection.connect(to: redisURL, logger: logger)
        print("process: \(entries) ERC-20 Transfer entries per run, \(endpoints) endpoints, batches of 500")

        let plain = try await plainRate(redis)
        print(
            "plain XREADGROUP+XACK: \(Int(plain.rate)) entries/s; CPU per entry: \(Self.format(plain.cpu.process)) µs "
                + "here, \(Self.format(plain.cpu.redis)) µs in Redis")
        let one = try await processorRate(redis, matchesPerLog: 1, logger: logger)
        print(
            "processor, 1 match per log: \(Int(one.logs)) logs/s (\(Int(one.jobs)) jobs/s); CPU per log: "
                + "\(Self.format(one.cpu.process)) µs here, \(Self.format(one.cpu.redis)) µs in Redis")
        if onlyOneMatch {
            await redis.close()
            print(
                #"{"endpoints":\#(endpoints),"entries":\#(entries),"plain_entries_s":\#(Int(plain.rate)),"#
                    + #""process_1_match_logs_s":\#(Int(one.logs)),\#(Self.cpuFields(plain: plain.cpu, one: one.cpu))}"#
            )
            return
        }
        // The same run with the Prometheus registry bootstrapped (as `evmhook process` has it): what metrics cost.
        // Handles made before this are swift-metrics no-ops, so the run above is the baseline without metrics.
        ProcessMetrics.bootstrap()
        let measured = try await processorRate(redis, matchesPerLog: 1, logger: logger)
        print(
            "processor, 1 match per log, metrics on: \(Int(measured.logs)) logs/s "
                + "(\(String(format: "%.2f", measured.logs / one.logs)) of the run without)")
        let ten = try await processorRate(redis, matchesPerLog: 10, logger: logger)
        print("processor, 10 matches per log: \(Int(ten.logs)) logs/s (\(Int(ten.jobs)) jobs/s)")
        print("resident memory with \(endpoints) endpoints loaded: \(ten.rssMB) MB (peak \(ten.peakMB) MB)")
        await redis.close()
        print(
            #"{"endpoints":\#(endpoints),"entries":\#(entries),"plain_entries_s":\#(Int(plain.rate)),"#
                + #""process_1_match_logs_s":\#(Int(one.logs)),"#
                + #""process_1_match_metrics_logs_s":\#(Int(measured.logs)),"#
                + #""process_10_matches_logs_s":\#(Int(ten.logs)),"#
                + #""process_10_matches_jobs_s":\#(Int(ten.jobs)),"rss_mb":\#(ten.rssMB),"peak_rss_mb":\#(ten.peakMB),"#
                + #"\#(Self.cpuFields(plain: plain.cpu, one: one.cpu))}"#
        )
    }

    static func format(_ microseconds: Double) -> String { String(format: "%.2f", microseconds) }

    /// CPU microseconds per entry of this process and of Redis, plain loop and Processor with 1 match.
    static func cpuFields(
        plain: (process: Double, redis: Double), one: (process: Double, redis: Double)
    ) -> String {
        #""plain_cpu_us":\#(format(plain.process)),"plain_redis_cpu_us":\#(format(plain.redis)),"#
            + #""process_1_match_cpu_us":\#(format(one.process)),"process_1_match_redis_cpu_us":\#(format(one.redis))"#
    }

    /// A Transfer log of contract `contract` (one of the endpoints' addresses).
    static func entry(_ index: Int, contract: Int) -> StreamEntry {
        let transfer = ABIRegistry.builtinEvents.first { $0.name == "Transfer" }!
        let encoded = try! transfer.encodeLog([
            .address(address(index % 997 + 1)), .address(address(index % 991 + 2)), .uint(UInt256(UInt64(index))),
        ])
        let log = Log(
            address: address(contract), topics: encoded.topics, data: encoded.data, blockNumber: UInt64(index / 100),
            blockHash: Hash32(
                bytes: [UInt8](repeating: 0xB1, count: 24) + withUnsafeBytes(of: UInt64(index / 100)) { Array($0) })!,
            blockTimestamp: 1_700_000_000 + UInt64(index / 100), transactionHash: Hash32.zero, transactionIndex: 0,
            logIndex: UInt64(index % 100), removed: false)
        return StreamEntry(kind: .log, chainID: 1, log: log)
    }

    static func address(_ number: Int) -> Address {
        var bytes = [UInt8](repeating: 0, count: 12)
        withUnsafeBytes(of: UInt64(number).bigEndian) { bytes += $0 }
        return Address(bytes: bytes)!
    }

    /// Appends `entries` entries spread over `contracts` contracts, 1,000 per pipeline (not timed).
    private func fill(_ redis: RedisConnection, _ keys: RedisKeys, contracts: Int) async throws {
        var generator = SystemRandomNumberGenerator()
        for chunk in stride(from: 0, to: entries, by: 1_000) {
            let commands = (chunk..<min(chunk + 1_000, entries)).map { index in
                ["XADD", keys.stream, "*"]
                    + Self.entry(index, contract: Int.random(in: 0..<contracts, using: &generator)).fields
            }
            _ = try await redis.pipeline(commands)
        }
    }

    /// The ceiling: reading and acknowledging the same entries with no matching and no jobs.
    private func plainRate(
        _ redis: RedisConnection
    ) async throws -> (rate: Double, cpu: (process: Double, redis: Double)) {
        let keys = RedisKeys(prefix: "evmhook-bench-plain-\(UInt32.random(in: 0 ... .max))")
        try await fill(redis, keys, contracts: endpoints)
        _ = try await redis.send(["XGROUP", "CREATE", keys.stream, keys.processorGroup, "0"])
        let cpuStart = try await CPUCost.sample(redis)
        let start = ContinuousClock.now
        var acknowledged = 0
        while acknowledged < entries {
            let reply = try await redis.send([
                "XREADGROUP", "GROUP", keys.processorGroup, "bench", "COUNT", "500", "STREAMS", keys.stream, ">",
            ])
            let ids = (reply.array?.first?.array?[1].array ?? []).compactMap { $0.array?.first?.string }
            _ = try await redis.send(["XACK", keys.stream, keys.processorGroup] + ids)
            acknowledged += ids.count
        }
        let rate = Double(entries) / (ContinuousClock.now - start).seconds
        let cpu = try await CPUCost.sample(redis).microseconds(since: cpuStart, items: entries)
        _ = try await redis.send(["DEL", keys.stream])
        return (rate, cpu)
    }

    struct Run {
        let logs: Double
        let jobs: Double
        let rssMB: Int
        let peakMB: Int
        /// CPU microseconds per log: this process (the Processor), the Redis server.
        let cpu: (process: Double, redis: Double)
    }

    /// One Processor over `entries` entries with `endpoints` endpoints, `matchesPerLog` of them per contract.
    private func processorRate(_ redis: RedisConnection, matchesPerLog: Int, logger: Logger) async throws -> Run {
        let schema = "bench_process_\(UInt32.random(in: 0 ... .max))"
        let url = databaseURL + (databaseURL.contains("?") ? "&" : "?") + "options=-csearch_path%3D" + schema
        let admin = try await PostgresConnection.connect(url: url, logger: logger)
        try await admin.query("CREATE SCHEMA \(schema)")
        let keys = RedisKeys(prefix: "evmhook-bench-\(schema)")
        do {
            _ = try await Migrator(
                migrations: try Migration.load(from: URL(fileURLWithPath: migrations)), logger: logger
            )
            .apply(on: admin)
            // Endpoint i watches contract i / matchesPerLog: every contract has matchesPerLog endpoints.
            try await admin.query(
                """
                INSERT INTO endpoints (id, url, chain_id, addresses, secret)
                SELECT gen_random_uuid(), 'https://bench.invalid/' || i, 1,
                    jsonb_build_array('0x' || lpad(to_hex(i / $1), 40, '0')), 'whsec_' || repeat('A', 44)
                FROM generate_series(0, $2 - 1) AS i
                """, [.int(Int32(matchesPerLog)), .int(Int32(endpoints))])
            let contracts = endpoints / matchesPerLog
            try await fill(redis, keys, contracts: contracts)

            let catalog = try await EndpointCatalog.start(databaseURL: url, logger: logger)
            let reader = try await RedisConnection.connect(to: redisURL, logger: logger)
            let writer = try await RedisConnection.connect(to: redisURL, logger: logger)
            let processor = Processor(
                configuration: Processor.Configuration(keys: keys), reader: reader, writer: writer, logger: logger)
            let (ready, readyContinuation) = AsyncStream.makeStream(of: Void.self)
            let task = Task { await processor.run(changes: catalog.changes) { readyContinuation.yield() } }
            for await _ in ready { break }
            // The queue is emptied as it fills: millions of jobs would otherwise fill Redis's memory.
            let drainer = Task {
                let drain = try await RedisConnection.connect(to: redisURL, logger: logger)
                while !Task.isCancelled {
                    _ = try? await drain.send(["UNLINK", keys.jobs])
                    try? await Task.sleep(for: .milliseconds(100))
                }
                await drain.close()
            }
            let cpuStart = try await CPUCost.sample(redis)
            let start = ContinuousClock.now
            PerfControl.enable()
            while processor.statistics.entries < entries {
                try await Task.sleep(for: .milliseconds(5))
            }
            PerfControl.disable()
            let elapsed = (ContinuousClock.now - start).seconds
            let cpu = try await CPUCost.sample(redis).microseconds(since: cpuStart, items: entries)
            let memory = Self.memory()
            drainer.cancel()
            _ = await drainer.result
            processor.requestStop()
            await task.value
            await catalog.stop()
            await reader.close()
            await writer.close()
            let jobs = processor.statistics.jobs
            _ = try await redis.send(["DEL", keys.stream, keys.jobs])
            try await admin.query("DROP SCHEMA \(schema) CASCADE")
            await admin.close()
            return Run(
                logs: Double(entries) / elapsed, jobs: Double(jobs) / elapsed, rssMB: memory.rss, peakMB: memory.peak,
                cpu: cpu)
        } catch {
            _ = try? await redis.send(["DEL", keys.stream, keys.jobs])
            _ = try? await admin.query("DROP SCHEMA \(schema) CASCADE")
            await admin.close()
            throw error
        }
    }

    /// VmRSS and VmHWM of this process, in MB.
    static func memory() -> (rss: Int, peak: Int) {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        func field(_ name: String) -> Int {
            let line = status.split(separator: "\n").first { $0.hasPrefix(name) } ?? ""
            return (Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1_024
        }
        return (field("VmRSS:"), field("VmHWM:"))
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
