import Delivery
import Foundation
import Hiredis
import Pipeline
import Store
import TestSupport
import Testing

/// The circuit breaker, rate limits and in-flight caps, against real receivers.
// A hang (a worker that never settles) fails the test instead of stalling the suite.
@Suite(.timeLimit(.minutes(3))) struct DeliveryFlowControlTests {
    @Test func breakerOpensDefersWithoutSpendingAttemptsAndRecovers() async throws {
        let harness = try await DeliveryHarness.start()
        let receiver = try await WebhookReceiver()
        try await receiver.configure("/sick", secrets: [], statuses: [503, 503, 503], status: 204)
        // Three attempts at most: had a deferral spent one, jobs would become dead letters.
        let endpoint = try await harness.addEndpoint(url: receiver.url("/sick"), maxAttempts: 3)
        var configuration = DeliveryHarness.configuration()
        configuration.maxInFlightPerEndpoint = 1
        configuration.breaker.failureThreshold = 3
        configuration.breaker.coolDown = .seconds(1)
        let jobs = (0..<10).map { harness.job(for: endpoint, index: $0) }
        let seen = try await running(harness.service(configuration)) {
            try await harness.push(jobs)
            return try await receiver.waitFor("every job delivered") { seen in
                Set(seen.filter { $0.status == 204 }.compactMap(\.id)) == Set(jobs.map(\.webhookID))
            }
        }
        #expect(try await harness.deadLetters().isEmpty)
        #expect(seen.filter { $0.status == 503 }.count == 3, "the breaker stopped the sends after three failures")
        #expect(seen.allSatisfy { Int($0.attempt ?? "") ?? 99 <= 2 }, "deferrals spend no attempt")
        let thirdFailure = try #require(seen.filter { $0.status == 503 }.last).received
        let next = try #require(seen.first { $0.received > thirdFailure }).received
        #expect(next - thirdFailure >= 0.9, "nothing is sent while the breaker is open (cool-down 1 s)")
        await receiver.shutdown()
        await harness.stop()
    }

    @Test func gracefulShutdownFinishesInFlightAndHandsBackTheRest() async throws {
        let harness = try await DeliveryHarness.start()
        let receiver = try await WebhookReceiver()
        // The receiver holds its answers until the shutdown has begun: answered earlier, the four would have
        // successors in flight (timed answers raced the shutdown on a loaded CI machine).
        try await receiver.configure("/slow", secrets: [], held: true)
        let endpoint = try await harness.addEndpoint(url: receiver.url("/slow"))
        var configuration = DeliveryHarness.configuration()
        configuration.maxInFlightPerEndpoint = 4
        configuration.shutdownGrace = .seconds(30)  // ample time for the release below, on a loaded machine too
        let log = LogCapture()
        let service = harness.service(configuration, logger: log.logger())
        let run = Task { try await service.run() }
        try await harness.push((0..<20).map { harness.job(for: endpoint, index: $0) })
        try await receiver.waitFor("four requests in flight") { $0.count == 4 }
        service.shutdown()
        try await waitUntil("the shutdown begins") { log.text.contains("shutting down") }
        try await receiver.release("/slow")
        try await run.value
        // The four in flight finished and were recorded; the other sixteen are back in the queue.
        #expect(try await harness.attempts().count == 4)
        let state = try await harness.queueState()
        #expect(state.processing == 0)
        #expect(state.queued == 16)
        #expect(try await harness.redis.send(["ZCARD", harness.keys.workers]).int == 0)
        await receiver.shutdown()
        await harness.stop()
    }
}
