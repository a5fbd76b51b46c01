import Delivery
import Foundation
import TestSupport
import Testing

/// Delivery's promises in wall-clock time: rate limits and isolation between endpoints. Suites named
/// `…TimingTests` run alone after the rest of the suite (`scripts/test`): with 500 tests sharing two cores, a bound
/// in seconds would measure the machine.
// A hang (a worker that never settles) fails the test instead of stalling the suite.
@Suite(.timeLimit(.minutes(3))) struct DeliveryTimingTests {
    @Test func rateLimitHoldsWithinTenPercent() async throws {
        let harness = try await DeliveryHarness.start()
        let receiver = try await WebhookReceiver()
        let endpoint = try await harness.addEndpoint(url: receiver.url("/limited"), rateLimit: 20)
        let seen = try await running(harness.service()) {
            try await harness.push((0..<100).map { harness.job(for: endpoint, index: $0) })
            return try await receiver.waitFor("100 deliveries") { $0.count == 100 }
        }
        // The bucket holds one second's worth (20) for a burst: no stretch of the run may hold more than that burst
        // plus 20/s (+10 %) of its length, wherever a loaded machine delayed the sends, plus what a quarter second of
        // jitter between sending and the receiver's clock can bunch together (5). Without a limit, the 100 arrive in
        // well under a second: 50 above this bound.
        let times = seen.map(\.received).sorted()
        var worstExcess = 0.0
        for first in times.indices {
            for last in times.indices where last > first {
                let allowed = 20 + 20 * 1.1 * (times[last] - times[first]) + 1 + 5
                worstExcess = max(worstExcess, Double(last - first + 1) - allowed)
            }
        }
        #expect(worstExcess <= 0, "\(worstExcess) deliveries above the limit of 20/s in some stretch of the run")
        // And the limit is a limit, not a stall: after the burst, at least half the rate.
        let steady = Double(times.count - 1 - 30) / (times[times.count - 1] - times[30])
        #expect(steady >= 10, "steady rate \(steady)/s for a limit of 20/s")
        #expect(try await harness.deadLetters().isEmpty)
        await receiver.shutdown()
        await harness.stop()
    }

    @Test func aHangingEndpointDoesNotSlowAnother() async throws {
        let harness = try await DeliveryHarness.start()
        let receiver = try await WebhookReceiver()
        try await receiver.configure("/hang", secrets: [], delayMilliseconds: 20_000)
        let hanging = try await harness.addEndpoint(url: receiver.url("/hang"), timeoutMilliseconds: 30_000)
        let fast = try await harness.addEndpoint(url: receiver.url("/fast"))
        var configuration = DeliveryHarness.configuration()
        configuration.shutdownGrace = .milliseconds(200)
        try await running(harness.service(configuration)) {
            // The hanging endpoint's jobs are ahead in the queue.
            try await harness.push((0..<200).map { harness.job(for: hanging, index: $0) })
            try await receiver.waitFor("the hanging endpoint holds its slots", to: "/hang") { $0.count == 32 }
            let started = ContinuousClock.now
            try await harness.push((0..<100).map { harness.job(for: fast, index: $0) })
            try await receiver.waitFor("the fast endpoint's jobs", to: "/fast", within: .seconds(10)) {
                $0.count == 100
            }
            #expect(started.duration(to: .now) < .seconds(3))
            #expect(
                try await receiver.deliveries(to: "/hang").count == 32, "never more than 32 in flight to one endpoint")
        }
        // The hanging requests were cut at shutdown and their jobs handed back: none lost.
        let state = try await harness.queueState()
        #expect(state.processing == 0)
        #expect(state.queued + state.retries == 200)
        await receiver.shutdown()
        await harness.stop()
    }
}
