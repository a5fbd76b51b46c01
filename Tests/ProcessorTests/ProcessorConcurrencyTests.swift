import ChainKit
import Foundation
import Hiredis
import Pipeline
import Processor
import Store
import TestSupport
import Testing

/// Several Processors on one group, and one killed at any moment: exactly one job per (endpoint, log).
@Suite(.serialized, .timeLimit(.minutes(5))) struct ProcessorConcurrencyTests {
    /// Entries alternating between contracts 0x11, 0x22 and 0x33; endpoint A takes 0x11, B takes 0x11 and 0x22,
    /// C takes 0x33: entry i yields jobs for the endpoints of its contract.
    static func entries(_ count: Int) -> [StreamEntry] {
        (0..<count).map { index in
            StreamEntries.entry(
                StreamEntries.log(
                    address: StreamEntries.address([0x11, 0x22, 0x33][index % 3]), topics: [StreamEntries.hash(0xAA)],
                    block: UInt64(index / 100), logIndex: UInt64(index % 100)))
        }
    }

    struct Expectation {
        let byContract: [UInt8: [UUID]]

        static func endpoints(_ harness: ProcessorHarness) async throws -> Expectation {
            let a = try await harness.addEndpoint(filter: LogFilter(addresses: [StreamEntries.address(0x11)]))
            let b = try await harness.addEndpoint(
                filter: LogFilter(addresses: [StreamEntries.address(0x11), StreamEntries.address(0x22)]))
            let c = try await harness.addEndpoint(filter: LogFilter(addresses: [StreamEntries.address(0x33)]))
            return Expectation(byContract: [0x11: [a.id, b.id], 0x22: [b.id], 0x33: [c.id]])
        }

        func jobCount(entries: Int) -> Int {
            (0..<entries).reduce(0) { $0 + byContract[[0x11, 0x22, 0x33][$1 % 3]]!.count }
        }

        /// Every (endpoint, block, log index) exactly once, and nothing else.
        func verify(_ jobs: [DeliveryJob], entries: Int) throws {
            var seen: [String: Int] = [:]
            for job in jobs {
                let data = try #require(try JSONValue.parse(job.body)["data"])
                let block = try #require(data["blockNumber"]?.int64Value)
                let logIndex = try #require(data["logIndex"]?.int64Value)
                let key = "\(job.endpointID) \(block) \(logIndex)"
                seen[key, default: 0] += 1
            }
            var expected: Set<String> = []
            for index in 0..<entries {
                for endpoint in byContract[[0x11, 0x22, 0x33][index % 3]]! {
                    expected.insert("\(endpoint) \(index / 100) \(index % 100)")
                }
            }
            #expect(Set(seen.keys) == expected)
            let doubled = seen.filter { $0.value > 1 }
            #expect(doubled.isEmpty, "\(doubled.count) (endpoint, log) pairs got several jobs")
        }
    }

    @Test func threeProcessorsOnAHundredThousandEntriesEnqueueEachJobOnce() async throws {
        try await ProcessorHarness.with { harness in
            let expectation = try await Expectation.endpoints(harness)
            let count = 100_000
            try await harness.append(Self.entries(count))
            let processors = try await [
                harness.startProcessor(), harness.startProcessor(), harness.startProcessor(),
            ]
            try await harness.waitUntil("every entry acknowledged", timeout: .seconds(300)) {
                processors.reduce(0) { $0 + $1.processor.statistics.entries } == count
            }
            for running in processors { await running.stop() }
            #expect(processors.allSatisfy { $0.processor.statistics.entries > 0 }, "all three took part")
            #expect(try await harness.pendingCount() == 0)
            let jobs = try await harness.jobs()
            #expect(jobs.count == expectation.jobCount(entries: count))
            try expectation.verify(jobs, entries: count)
        }
    }

    @Test func killingAProcessorMidBatchLosesAndDoublesNothing() async throws {
        try await ProcessorHarness.with { harness in
            let expectation = try await Expectation.endpoints(harness)
            let count = 30_000
            try await harness.append(Self.entries(count))
            let child = try ChildProcess(
                try EvmhookBinary.executable().path, ["process", "--batch-size", "200", "--claim-idle", "1s"],
                environment: [
                    "EVMHOOK_DATABASE_URL": harness.databaseURL, "EVMHOOK_REDIS_URL": try TestEnvironment.redisURL(),
                    "EVMHOOK_REDIS_PREFIX": harness.keys.prefix,
                ])
            _ = try await child.waitForLine(containing: "processor ready")
            // Killed while it works: some of its entries are done, some pending in its name.
            try await harness.waitUntil("the child pushed jobs") { try await harness.jobCount() > 2_000 }
            await child.stop(signal: SIGKILL)
            let survivor = try await harness.startProcessor { $0.claimIdle = .seconds(1) }
            let wanted = expectation.jobCount(entries: count)
            try await harness.waitUntil("every entry acknowledged", timeout: .seconds(300)) {
                let pending = try await harness.pendingCount()
                let jobs = try await harness.jobCount()
                return pending == 0 && jobs >= wanted
            }
            #expect(try await harness.jobCount() == wanted)
            await survivor.stop()
            #expect(survivor.processor.statistics.reclaimed > 0, "the survivor took over the dead one's entries")
            try expectation.verify(try await harness.jobs(), entries: count)
        }
    }

    @Test func aRedisCrashAndRestartLosesAndDoublesNothing() async throws {
        // A private server with every write fsynced to its append-only file, killed with SIGKILL mid-run.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            TestEnvironment.uniqueName("redis-aof"))
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try await RedisServerProcess(extraArguments: [
            "--appendonly", "yes", "--appendfsync", "always", "--dir", directory.path,
        ])
        defer { Task { await server.kill() } }
        try await ProcessorHarness.with(redisURL: server.url) { harness in
            let expectation = try await Expectation.endpoints(harness)
            let count = 20_000
            try await harness.append(Self.entries(count))
            let running = try await harness.startProcessor()
            try await harness.waitUntil("jobs are pushed") { try await harness.jobCount() > 2_000 }
            try await server.restart()
            let wanted = expectation.jobCount(entries: count)
            try await harness.waitUntil("every entry acknowledged after the restart", timeout: .seconds(120)) {
                do {
                    let pending = try await harness.pendingCount()
                    let jobs = try await harness.jobCount()
                    return pending == 0 && jobs >= wanted
                } catch let error as RedisError
                    where error.code == .connectionLost || error.serverErrorPrefix == "LOADING"
                {
                    // The test's own connection sees the crash too; it reconnects on its next command.
                    return false
                }
            }
            await running.stop()
            #expect(try await harness.jobCount() == wanted)
            try expectation.verify(try await harness.jobs(), entries: count)
        }
    }
}
