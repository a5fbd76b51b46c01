import Foundation
import Pipeline
import Store
import Testing

@testable import Delivery

/// The dispatcher's decisions without IO: caps, full lines, the breaker and the rate limit, with the clock passed in.
@Suite struct DispatchStateTests {
    private let now = ContinuousClock.now

    private func configuration(
        maxInFlight: Int = 1_000, perEndpoint: Int = 32, waiting: Int = 1_000
    ) -> DeliveryService.Configuration {
        var configuration = DeliveryService.Configuration(userAgent: "evmhook/test")
        configuration.maxInFlight = maxInFlight
        configuration.maxInFlightPerEndpoint = perEndpoint
        configuration.maxWaitingPerEndpoint = waiting
        configuration.breaker.failureThreshold = 1
        return configuration
    }

    private func jobs(_ count: Int, to endpoint: Endpoint) -> [Admission] {
        (0..<count).map { index in
            let job = DeliveryJob(
                endpointID: endpoint.id, webhookID: "msg_\(index)", type: .log, enqueuedAt: 1, body: "{}")
            return .ready(TakenJob(raw: Array(job.encoded.utf8), job: job, endpoint: endpoint))
        }
    }

    private func sends(_ effects: DispatchState.Effects) -> Int {
        effects.orders.filter { if case .send = $0 { true } else { false } }.count
    }

    private func deferrals(_ effects: DispatchState.Effects) -> [QueueCompletion.Next] {
        effects.orders.compactMap { if case .finish(let entry) = $0 { entry.completion.next } else { nil } }
    }

    @Test func capsRequestsInFlightPerEndpointAndInAll() {
        var state = DispatchState(configuration: configuration(maxInFlight: 3, perEndpoint: 2))
        let a = Endpoint(url: "https://a.example/", chainID: 1, secret: "whsec_x")
        let b = Endpoint(url: "https://b.example/", chainID: 1, secret: "whsec_x")
        #expect(sends(state.admit(jobs(3, to: a) + jobs(2, to: b), now: now)) == 3)
        #expect(state.inFlight == 3 && state.held == 5)
        // A slot frees: the next job goes (one more A, or the waiting B), never beyond the caps.
        #expect(sends(state.finished(a.id, countsAgainstEndpoint: false, disablesEndpoint: false, now: now)) == 1)
        #expect(state.inFlight == 3)
    }

    @Test func aFullLineDefersTheRestWithTheirAttemptUnspent() throws {
        var state = DispatchState(configuration: configuration(perEndpoint: 1, waiting: 2))
        let endpoint = Endpoint(url: "https://a.example/", chainID: 1, secret: "whsec_x")
        let effects = state.admit(jobs(3, to: endpoint), now: now)
        #expect(sends(effects) == 1)
        #expect(effects.overflowed == 1)
        let deferred = try #require(deferrals(effects).first)
        #expect(try DeliveryJob(encoded: deferred.job).attempt == 1)
    }

    @Test func anOpenBreakerDefersWhatWaitsAndSaysSo() throws {
        var state = DispatchState(configuration: configuration(perEndpoint: 1))
        let endpoint = Endpoint(url: "https://a.example/", chainID: 1, secret: "whsec_x")
        #expect(sends(state.admit(jobs(2, to: endpoint), now: now)) == 1)
        let effects = state.finished(endpoint.id, countsAgainstEndpoint: true, disablesEndpoint: false, now: now)
        #expect(sends(effects) == 0)
        #expect(deferrals(effects).count == 1, "deferred to the probe time, not sent")
        #expect(effects.transitions.map(\.change) == [.opened(coolDown: .seconds(5))])
    }

    /// A probe answered 410: the endpoint is being disabled, not recovering (operators got `endpoint.recovered`
    /// together with `endpoint.disabled`).
    @Test func aProbeAnswered410DoesNotCloseTheBreaker() throws {
        var state = DispatchState(configuration: configuration(perEndpoint: 1))
        let endpoint = Endpoint(url: "https://a.example/", chainID: 1, secret: "whsec_x")
        #expect(sends(state.admit(jobs(1, to: endpoint), now: now)) == 1)
        let opened = state.finished(endpoint.id, countsAgainstEndpoint: true, disablesEndpoint: false, now: now)
        #expect(opened.transitions.map(\.change) == [.opened(coolDown: .seconds(5))])
        let probeTime = now.advanced(by: .seconds(5))
        #expect(sends(state.admit(jobs(1, to: endpoint), now: probeTime)) == 1, "the probe")
        let gone = state.finished(endpoint.id, countsAgainstEndpoint: false, disablesEndpoint: true, now: probeTime)
        #expect(gone.transitions.isEmpty)
    }

    @Test func theRateLimitHoldsJobsAndAsksForAWakeUp() {
        var state = DispatchState(configuration: configuration())
        let endpoint = Endpoint(url: "https://a.example/", chainID: 1, secret: "whsec_x", rateLimitPerSecond: 2)
        let effects = state.admit(jobs(5, to: endpoint), now: now)
        #expect(sends(effects) == 2, "a burst of one second's worth")
        #expect(effects.wakes.count == 1)
        #expect(effects.wakes.first.map { now.duration(to: $0.at) } == .milliseconds(500))
        let later = state.wake(endpoint.id, scheduledAt: effects.wakes[0].at, now: effects.wakes[0].at)
        #expect(sends(later) == 1)
    }
}
