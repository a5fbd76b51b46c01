import ArgumentParser
import Delivery
import Foundation
import Hiredis
import Hummingbird
import LibPQ
import Logging
import Pipeline
import Store

/// `evmhook-bench deliver`: a real `evmhook deliver` process draining a pre-filled queue, with every attempt
/// recorded in PostgreSQL; and the slow receiver its in-flight measurement needs.
struct DeliverBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliver",
        abstract: "Deliveries/s and drain time of `evmhook deliver` (attempts recorded), and its peak RSS.",
        subcommands: [Drain.self, SlowReceiver.self],
        defaultSubcommand: Drain.self
    )

    /// Fills the queue, starts `evmhook deliver`, and measures until every attempt is recorded.
    struct Drain: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Drain N queued jobs through `evmhook deliver`; last line JSON with <label>_deliveries_s etc.")

        @Option(help: "The release `evmhook` binary.")
        var evmhook: String

        @Option(help: "The Redis server.")
        var redisURL: String

        @Option(help: "The PostgreSQL database (a fresh schema is made in it and dropped after).")
        var databaseURL: String

        @Option(help: "The migrations directory.")
        var migrations = "migrations"

        @Option(help: "The receiver's base URL on loopback; endpoint i posts to <url>/hook/i.")
        var url: String

        @Option(help: "Jobs queued before the worker starts.")
        var jobs = 100_000

        @Option(help: "Endpoints the jobs are spread over (round robin).")
        var endpoints = 8

        @Option(help: "--max-in-flight of the worker.")
        var maxInFlight = 1_000

        @Option(help: "--max-in-flight-per-endpoint of the worker.")
        var maxInFlightPerEndpoint = 32

        @Option(help: "A file whose contents are every job's body.")
        var body: String

        @Option(help: "The prefix of the JSON keys.")
        var label = "deliver"

        func run() async throws {
            let logger = Logger(label: "evmhook-bench.deliver")
            let payload = try String(contentsOfFile: body, encoding: .utf8)
            let bench = try await BenchSchema.create(
                prefix: "bench_deliver", databaseURL: databaseURL, migrations: migrations, logger: logger)
            let schema = bench.name
            let schemaURL = bench.url
            let database = bench.connection
            let store = EndpointStore(connection: database)
            var ids: [UUID] = []
            for index in 0..<endpoints {
                let endpoint = Endpoint(
                    url: "\(url)/hook/\(index)", chainID: 1, secret: try WebhookSecret.generate().encoded,
                    timeoutMilliseconds: 30_000)
                try await store.insert(endpoint)
                ids.append(endpoint.id)
            }
            let keys = RedisKeys(prefix: schema)
            let redis = try await RedisConnection.connect(to: redisURL, logger: logger)
            let now = UInt64(Date().timeIntervalSince1970 * 1_000)
            var batch: [String] = []
            for index in 0..<jobs {
                let id = ids[index % ids.count]
                batch.append(
                    DeliveryJob(
                        endpointID: id, webhookID: "msg_bench\(index)", type: .log, enqueuedAt: now, body: payload
                    ).encoded)
                if batch.count == 1_000 || index == jobs - 1 {
                    _ = try await redis.send(["LPUSH", keys.jobs] + batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            print("\(label): \(jobs) jobs of \(payload.utf8.count) bytes queued for \(endpoints) endpoints")

            let worker = try WorkerProcess(
                evmhook,
                [
                    "deliver", "--max-in-flight", String(maxInFlight), "--max-in-flight-per-endpoint",
                    String(maxInFlightPerEndpoint),
                ],
                environment: [
                    "EVMHOOK_REDIS_URL": redisURL, "EVMHOOK_DATABASE_URL": schemaURL, "EVMHOOK_REDIS_PREFIX": schema,
                    "EVMHOOK_ALLOW_PRIVATE_TARGETS": "1",
                ])
            try await worker.waitUntilReady()
            let clock = ContinuousClock()
            let started = clock.now
            // Cheap polls while the queue drains (a `count(*)` every few milliseconds would tax the database
            // being measured), then the count itself: a job leaves its processing list only once recorded.
            let pending = RedisScript(
                """
                local n = redis.call('LLEN', KEYS[1]) + redis.call('ZCARD', KEYS[2])
                for _, key in ipairs(redis.call('KEYS', ARGV[1])) do n = n + redis.call('LLEN', key) end
                return n
                """)
            var recorded = 0
            while recorded < jobs {
                try await Task.sleep(for: .milliseconds(20))
                let left = try await redis.evaluate(
                    pending, keys: [.init(keys.jobs), .init(keys.retries)],
                    arguments: [.init(keys.processing(worker: "*"))]
                ).int
                if left == 0 {
                    recorded =
                        try await database.query("SELECT count(*) AS n FROM delivery_attempts").first?.decode(
                            Int.self, "n") ?? 0
                }
                guard started.duration(to: clock.now) < .seconds(600), worker.isRunning else {
                    worker.terminate()
                    throw ValidationError("\(label): only \(recorded) of \(jobs) attempts recorded")
                }
            }
            let elapsed = started.duration(to: clock.now)
            let peakKiB = worker.peakResidentKiB()
            // CPU per delivery holds still on a loaded machine where the rate does not (the cores are shared).
            let cpuSeconds = worker.cpuSeconds()
            worker.terminate()
            let delivered =
                try await database.query(
                    "SELECT count(*) AS n FROM delivery_attempts WHERE status BETWEEN 200 AND 299"
                ).first?.decode(Int.self, "n") ?? 0
            _ = try await redis.send(["DEL", keys.jobs, keys.retries, keys.workers])
            await redis.close()
            try await bench.drop()

            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            let rate = Int((Double(jobs) / seconds).rounded())
            let rss = Int((Double(peakKiB) / 1024).rounded())
            let cpuMicroseconds = String(format: "%.1f", cpuSeconds * 1e6 / Double(jobs))
            print(
                "\(label): \(recorded) attempts recorded (\(delivered) 2xx) in \(String(format: "%.2f", seconds)) s"
                    + " = \(rate) deliveries/s; worker peak RSS \(rss) MB, CPU \(cpuMicroseconds) µs per delivery")
            print(
                "{\"\(label)_deliveries_s\":\(rate),\"\(label)_drain_s\":\(String(format: "%.3f", seconds)),"
                    + "\"\(label)_peak_rss_mb\":\(rss),\"\(label)_cpu_us_per_delivery\":\(cpuMicroseconds),"
                    + "\"\(label)_failed\":\(jobs - delivered)}")
        }
    }

    /// A receiver that answers 204 after a delay, for many thousands of connections at once.
    struct SlowReceiver: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "slow-receiver", abstract: "Answer every POST with 204 after --delay; prints LISTENING port=N."
        )

        @Option(help: "How long each answer takes, in milliseconds.")
        var delayMilliseconds = 1_000

        func run() async throws {
            let delay = Duration.milliseconds(delayMilliseconds)
            let router = Router()
            router.post("/hook/:index") { request, _ -> Response in
                _ = try await request.body.collect(upTo: 1 << 20)
                try await Task.sleep(for: delay)
                return Response(status: .noContent)
            }
            let app = Application(
                router: router,
                configuration: .init(address: .hostname("127.0.0.1", port: 0), backlog: 16_384),
                onServerRunning: { channel in
                    let line = "LISTENING port=\(channel.localAddress?.port ?? 0)\n"
                    FileHandle.standardOutput.write(Data(line.utf8))
                },
                logger: Logger(label: "evmhook-bench.slow-receiver")
            )
            try await app.runService()
        }
    }
}

/// The `evmhook deliver` child: started, awaited until it prints its ready line, measured, terminated.
private final class WorkerProcess: @unchecked Sendable {
    // `@unchecked`: `process` is set in init; `ready` is only touched under `lock`.
    private let process = Process()
    private let lock = NSCondition()
    private var ready = false

    init(_ executable: String, _ arguments: [String], environment: [String: String]) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let stdout = Pipe()
        process.standardOutput = stdout
        stdout.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, String(decoding: data, as: UTF8.self).contains("deliver: worker") else { return }
            self.lock.lock()
            self.ready = true
            self.lock.broadcast()
            self.lock.unlock()
        }
        try process.run()
    }

    var isRunning: Bool { process.isRunning }

    func waitUntilReady() async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(30)
        while !lock.withLock({ ready }) {
            guard clock.now < deadline, process.isRunning else {
                throw ValidationError("evmhook deliver did not start")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// `VmHWM` of `/proc/PID/status`: the peak resident set size, in KiB.
    func peakResidentKiB() -> Int {
        let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
        return line.split(separator: " ").compactMap { Int($0) }.first ?? 0
    }

    /// User + system CPU time the process has used so far (fields 14 and 15 of `/proc/PID/stat`), in seconds.
    func cpuSeconds() -> Double {
        let stat = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8)) ?? ""
        // The command name (field 2) may hold spaces: count fields from the ')' that ends it.
        guard let end = stat.lastIndex(of: ")") else { return 0 }
        let fields = stat[stat.index(after: end)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// SIGTERM (a graceful shutdown) and waits for the exit.
    func terminate() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
}
