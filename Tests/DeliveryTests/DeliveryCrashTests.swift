import Delivery
import Foundation
import Hiredis
import Pipeline
import Store
import TestSupport
import Testing

/// At least once through crashes and restarts: `kill -9` of a real `evmhook deliver`, Redis and PostgreSQL
/// restarting under load. Receivers may see duplicates, always with the same `webhook-id`, never a missing job.
// A hang (a worker that never settles) fails the test instead of stalling the suite.
@Suite(.timeLimit(.minutes(3))) struct DeliveryCrashTests {
    /// `evmhook deliver` built beside this test bundle, started as a child process on the harness's keys.
    private func deliverProcess(_ harness: DeliveryHarness) async throws -> ChildProcess {
        let process = try ChildProcess(
            try EvmhookBinary.executable().path, ["deliver", "--worker-timeout", "2s"],
            environment: [
                "EVMHOOK_REDIS_URL": harness.redisURL, "EVMHOOK_DATABASE_URL": harness.databaseURL,
                "EVMHOOK_REDIS_PREFIX": harness.keys.prefix, "EVMHOOK_ALLOW_PRIVATE_TARGETS": "1",
                "EVMHOOK_RETRY_SCHEDULE": "200ms,200ms,200ms",
            ])
        _ = try await process.waitForLine(containing: "deliver: worker")
        return process
    }

    /// Every job delivered (2xx) at least once; every delivery is one of the jobs, with its body.
    private func expectEveryJobDelivered(_ jobs: [DeliveryJob], _ seen: [WebhookReceiver.Delivery]) {
        let bodies = Dictionary(uniqueKeysWithValues: jobs.map { ($0.webhookID, $0.body) })
        #expect(Set(seen.filter { (200..<300).contains($0.status) }.compactMap(\.id)) == Set(bodies.keys))
        #expect(seen.allSatisfy { bodies[$0.id ?? ""] == $0.body }, "a duplicate carries the same id and body")
    }

    @Test func killNineUnderLoadLosesNothing() async throws {
        let harness = try await DeliveryHarness.start()
        let receiver = try await WebhookReceiver()
        // 32 in flight at 200 ms each: about 6 s for the thousand, so the kill lands mid-way even on a busy machine.
        try await receiver.configure("/load", secrets: [], delayMilliseconds: 200)
        let endpoint = try await harness.addEndpoint(url: receiver.url("/load"))
        let jobs = (0..<1_000).map { harness.job(for: endpoint, index: $0) }
        try await harness.push(jobs)
        let first = try await deliverProcess(harness)
        try await receiver.waitFor("deliveries under way", within: .seconds(30)) { $0.count >= 100 }
        await first.stop(signal: SIGKILL)
        #expect(try await harness.queueState().processing > 0, "the killed worker held jobs")
        let second = try await deliverProcess(harness)
        let seen = try await receiver.waitFor("every job", within: .seconds(60)) { seen in
            Set(seen.compactMap(\.id)).count == jobs.count
        }
        expectEveryJobDelivered(jobs, seen)
        try await waitUntil("everything finished") {
            let state = try await harness.queueState()
            return state.queued == 0 && state.processing == 0 && state.retries == 0
        }
        await second.stop(signal: SIGTERM)
        #expect(try await harness.deadLetters().isEmpty)
        await receiver.shutdown()
        await harness.stop()
    }

    @Test func redisRestartUnderLoadLosesNothing() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            TestEnvironment.uniqueName("redis"))
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // Persistent, fsync on every write: a restart keeps what was acknowledged, as a production Redis would.
        let redis = try await RedisServerProcess(
            extraArguments: ["--appendonly", "yes", "--appendfsync", "always", "--dir", directory.path])
        let harness = try await DeliveryHarness.start(redisURL: redis.url)
        let receiver = try await WebhookReceiver()
        try await receiver.configure("/load", secrets: [], delayMilliseconds: 10)
        let endpoint = try await harness.addEndpoint(url: receiver.url("/load"))
        let jobs = (0..<600).map { harness.job(for: endpoint, index: $0) }
        let seen = try await running(harness.service()) {
            try await harness.push(jobs)
            try await receiver.waitFor("deliveries under way") { $0.count >= 100 }
            try await redis.restart()
            return try await receiver.waitFor("every job", within: .seconds(60)) { seen in
                Set(seen.compactMap(\.id)).count == jobs.count
            }
        }
        expectEveryJobDelivered(jobs, seen)
        await receiver.shutdown()
        await harness.stop()
        await redis.kill()
    }

    @Test func aJobWhoseTakeReplyWasLostIsReturnedAndDelivered() async throws {
        // Its own Redis: the test cuts the worker's taker connection, found by its client name.
        let redis = try await RedisServerProcess()
        let harness = try await DeliveryHarness.start(redisURL: redis.url)
        let receiver = try await WebhookReceiver()
        let endpoint = try await harness.addEndpoint(url: receiver.url("/ok"))
        let service = harness.service()
        let unseen = harness.job(for: endpoint, index: 0)
        let seen = try await running(service) {
            // What a take leaves when Redis moved the job and its reply never arrived: the job in the worker's
            // processing list, and the take failing.
            let processing = harness.keys.processing(worker: service.queue.worker)
            _ = try await harness.redis.send(["LPUSH", processing, unseen.encoded])
            var taker: String?
            try await waitUntil("the taker connected") {
                let clients = try await harness.redis.send(["CLIENT", "LIST"]).string ?? ""
                taker = clients.split(separator: "\n").first { $0.contains("name=evmhook-deliver-taker") }
                    .flatMap { $0.split(separator: " ").first { $0.hasPrefix("id=") } }.map { String($0.dropFirst(3)) }
                return taker != nil
            }
            _ = try await harness.redis.send(["CLIENT", "KILL", "ID", try #require(taker)])
            return try await receiver.waitFor("the unseen job", within: .seconds(20)) { seen in
                seen.contains { $0.id == unseen.webhookID }
            }
        }
        expectEveryJobDelivered([unseen], seen)
        let state = try await harness.queueState()
        #expect(state.queued == 0 && state.processing == 0 && state.retries == 0)
        await receiver.shutdown()
        await harness.stop()
        await redis.kill()
    }

    @Test func postgresRestartUnderLoadLosesNothing() async throws {
        let postgres = try await PostgresServerProcess.start()
        let harness = try await DeliveryHarness.start(databaseBase: postgres.url)
        let receiver = try await WebhookReceiver()
        try await receiver.configure("/load", secrets: [], delayMilliseconds: 10)
        let endpoint = try await harness.addEndpoint(url: receiver.url("/load"))
        let jobs = (0..<600).map { harness.job(for: endpoint, index: $0) }
        let seen = try await running(harness.service()) {
            try await harness.push(jobs)
            try await receiver.waitFor("deliveries under way") { $0.count >= 100 }
            try await postgres.stopServer()
            try await postgres.startServer()
            let seen = try await receiver.waitFor("every job", within: .seconds(60)) { seen in
                Set(seen.compactMap(\.id)).count == jobs.count
            }
            try await waitUntil("every job finished", within: .seconds(30)) {
                let state = try await harness.queueState()
                return state.queued == 0 && state.processing == 0 && state.retries == 0
            }
            return seen
        }
        expectEveryJobDelivered(jobs, seen)
        // Every delivered job has its successful attempt recorded, the outage notwithstanding.
        let recorded = Set(try await harness.attempts().filter { $0.status == 204 }.map(\.webhookID))
        #expect(recorded == Set(jobs.map(\.webhookID)))
        await receiver.shutdown()
        await harness.stop()
        try await postgres.shutdown()
    }

    @Test func sigtermFinishesInFlightHandsBackTheRestAndExitsZero() async throws {
        let harness = try await DeliveryHarness.start()
        let receiver = try await WebhookReceiver()
        // The receiver holds its answers until the worker logs that it is shutting down: answered earlier, the eight
        // would have successors in flight (timed answers raced the SIGTERM on a loaded CI machine).
        try await receiver.configure("/slow", secrets: [], held: true)
        let endpoint = try await harness.addEndpoint(url: receiver.url("/slow"))
        try await harness.push((0..<100).map { harness.job(for: endpoint, index: $0) })
        let process = try ChildProcess(
            try EvmhookBinary.executable().path, ["deliver", "--max-in-flight-per-endpoint", "8"],
            environment: [
                "EVMHOOK_REDIS_URL": harness.redisURL, "EVMHOOK_DATABASE_URL": harness.databaseURL,
                "EVMHOOK_REDIS_PREFIX": harness.keys.prefix, "EVMHOOK_ALLOW_PRIVATE_TARGETS": "1",
            ], readingStderr: true)
        try await receiver.waitFor("eight requests in flight") { $0.count == 8 }
        process.send(SIGTERM)
        _ = try await process.waitForLine(containing: "shutting down")
        try await receiver.release("/slow")
        // A worker that ignored SIGTERM is killed after the wait's deadline: its status then fails the test.
        await process.waitForExit()
        #expect(process.exitStatus == 0)
        // The eight in flight finished and were recorded; the rest went back to the queue.
        #expect(try await harness.attempts().count == 8)
        let state = try await harness.queueState()
        #expect(state.processing == 0 && state.queued == 92)
        await receiver.shutdown()
        await harness.stop()
    }

    @Test func anUnreachableRedisIsBadConfiguration() async throws {
        let harness = try await DeliveryHarness.start()
        let result = try await EvmhookBinary.run(
            ["deliver"],
            environment: ["EVMHOOK_REDIS_URL": "redis://127.0.0.1:1/0", "EVMHOOK_DATABASE_URL": harness.databaseURL])
        #expect(result.status == 2)
        #expect(result.stderr.contains("EVMHOOK_REDIS_URL"), "\(result.stderr)")
        let badSchedule = try await EvmhookBinary.run(
            ["deliver"], environment: ["EVMHOOK_RETRY_SCHEDULE": "5s,soon"])
        #expect(badSchedule.status == 2)
        #expect(badSchedule.stderr.contains("EVMHOOK_RETRY_SCHEDULE"))
        await harness.stop()
    }
}
