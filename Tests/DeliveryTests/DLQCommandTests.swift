import Delivery
import Foundation
import Hiredis
import Pipeline
import Store
import TestSupport
import Testing

/// `evmhook dlq list|retry`, run as the built binary against dead letters a real worker made.
// A hang (a worker that never settles) fails the test instead of stalling the suite.
@Suite(.timeLimit(.minutes(3))) struct DLQCommandTests {
    private func dlq(_ arguments: [String], _ harness: DeliveryHarness) async throws -> EvmhookBinary.Result {
        try await EvmhookBinary.run(
            ["dlq"] + arguments,
            environment: [
                "EVMHOOK_DATABASE_URL": harness.databaseURL, "EVMHOOK_REDIS_URL": harness.redisURL,
                "EVMHOOK_REDIS_PREFIX": harness.keys.prefix,
            ])
    }

    @Test func deadLettersAreListedAndRetriedWithAFreshAttemptCount() async throws {
        let harness = try await DeliveryHarness.start()
        let receiver = try await WebhookReceiver()
        try await receiver.configure("/reject", secrets: [], status: 422)
        let endpoint = try await harness.addEndpoint(url: receiver.url("/reject"))
        let jobs = (0..<3).map { harness.job(for: endpoint, index: $0) }
        try await running(harness.service()) {
            try await harness.push(jobs)
            try await harness.pushRaw(["poison"])
            try await waitUntil("four dead letters") { try await harness.deadLetters().count == 4 }
        }

        let listed = try await dlq(["list", "--json"], harness)
        #expect(listed.status == 0, "\(listed.stderr)")
        let objects = try #require(
            try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        #expect(objects.count == 4)
        #expect(Set(objects.compactMap { $0["reason"] as? String }) == ["rejected", "poison"])
        #expect(objects.contains { $0["last_status"] as? Int == 422 && $0["attempts"] as? Int == 1 })

        let text = try await dlq(["list", "--endpoint", endpoint.id.uuidString], harness)
        #expect(text.status == 0)
        #expect(text.stdout.split(separator: "\n").count == 3)
        #expect(text.stdout.contains(jobs[0].webhookID))

        let letters = try await harness.deadLetters()
        let first = try #require(letters.first { $0.webhookID == jobs[0].webhookID })
        let one = try await dlq(["retry", String(first.id)], harness)
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stdout == "requeued 1 dead letter\n")
        let rest = try await dlq(["retry", "--all"], harness)
        #expect(rest.status == 0, "\(rest.stderr)")
        #expect(rest.stdout == "requeued 2 dead letters\n")
        #expect(rest.stderr.contains("cannot be retried"), "the poison job stays")
        #expect(try await harness.deadLetters().map(\.reason) == [.poison])

        // Re-queued as attempt 1, and delivered once the receiver accepts them.
        let queued = try await harness.redis.send(["LRANGE", harness.keys.jobs, "0", "-1"]).array ?? []
        let requeued = try queued.compactMap(\.string).map { try DeliveryJob(encoded: $0) }
        #expect(Set(requeued.map(\.webhookID)) == Set(jobs.map(\.webhookID)))
        #expect(requeued.allSatisfy { $0.attempt == 1 })
        try await receiver.configure("/reject", secrets: [], status: 204)
        try await running(harness.service()) {
            try await receiver.waitFor("the retried jobs delivered") { seen in
                Set(seen.filter { $0.status == 204 }.compactMap(\.id)) == Set(jobs.map(\.webhookID))
            }
        }
        await receiver.shutdown()
        await harness.stop()
    }

    @Test func badSelectionsExitTwo() async throws {
        let harness = try await DeliveryHarness.start()
        #expect(try await dlq(["retry"], harness).status == 2)
        #expect(try await dlq(["retry", "--all", "--endpoint", UUID().uuidString], harness).status == 2)
        let missing = try await dlq(["retry", "12345"], harness)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no dead letter with id 12345"))
        #expect(try await dlq(["list", "--endpoint", "nope"], harness).status == 2)
        let unreachable = try await EvmhookBinary.run(
            ["dlq", "list"], environment: ["EVMHOOK_DATABASE_URL": "postgres://127.0.0.1:1/none"])
        #expect(unreachable.status == 2)
        #expect(unreachable.stderr.contains("EVMHOOK_DATABASE_URL"))
        // A retry needs Redis too: the line names the setting and the server it tried.
        let noRedis = try await EvmhookBinary.run(
            ["dlq", "retry", "--all"],
            environment: ["EVMHOOK_DATABASE_URL": harness.databaseURL, "EVMHOOK_REDIS_URL": "redis://127.0.0.1:1"])
        #expect(noRedis.status == 2)
        #expect(
            noRedis.stderr.contains("EVMHOOK_REDIS_URL") && noRedis.stderr.contains("127.0.0.1:1"), "\(noRedis.stderr)")
        await harness.stop()
    }
}
