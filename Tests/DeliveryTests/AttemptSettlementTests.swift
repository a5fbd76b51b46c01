import Foundation
import LibPQ
import Pipeline
import Store
import Testing

@testable import Delivery

/// How one attempt's result is settled, without IO: the clock and the random source are passed in.
@Suite struct AttemptSettlementTests {
    /// A generator that always returns the same value: 0 gives the lowest jitter, `.max` the highest.
    struct Fixed: RandomNumberGenerator {
        let value: UInt64
        mutating func next() -> UInt64 { value }
    }

    private let now = Date(timeIntervalSince1970: 1_800_000_000)
    private let schedule = RetrySchedule(delays: [.seconds(10), .seconds(60)])

    private func taken(attempt: Int = 1, maxAttempts: Int? = nil) -> TakenJob {
        let endpoint = Endpoint(
            url: "https://example.com/hook", chainID: 1, secret: "whsec_x", maxAttempts: maxAttempts)
        let job = DeliveryJob(
            endpointID: endpoint.id, webhookID: "msg_1", type: .log, attempt: attempt, enqueuedAt: 1, body: "{}")
        return TakenJob(raw: Array(job.encoded.utf8), job: job, endpoint: endpoint)
    }

    private func settle(
        _ taken: TakenJob, status: Int?, retryAfter: String? = nil, isPermanent: Bool = false, random: UInt64 = 0
    ) -> AttemptSettlement {
        var generator = Fixed(value: random)
        return AttemptSettlement(
            taken,
            result: .init(
                status: status, retryAfter: retryAfter, error: status == nil ? "timeout" : nil,
                duration: .milliseconds(12), body: Array(repeating: 0x41, count: 5_000), isPermanent: isPermanent),
            schedule: schedule, now: now, using: &generator)
    }

    @Test func aSuccessReleasesTheJobAndRecordsTheAttempt() throws {
        let settled = settle(taken(), status: 200)
        #expect(settled.entry.completion.next == nil)
        #expect(settled.entry.deadLetter == nil)
        let record = try #require(settled.entry.attempt)
        #expect(record.status == 200 && record.error == nil && record.attempt == 1)
        // Only the first 4 KiB of the body are kept.
        #expect(record.row[6] == .bytea(Data(repeating: 0x41, count: 4_096)))
        #expect(!settled.countsAgainstEndpoint)
    }

    @Test(arguments: [(UInt64(0), 8.0), (UInt64.max, 12.0)])
    func aRetryIsScheduledWithinTheJitterBounds(random: UInt64, seconds: Double) throws {
        let settled = settle(taken(), status: 503, random: random)
        let next = try #require(settled.entry.completion.next)
        #expect(abs(Double(next.dueMilliseconds) - (now.timeIntervalSince1970 + seconds) * 1_000) < 2)
        #expect(try DeliveryJob(encoded: next.job).attempt == 2)
        #expect(settled.countsAgainstEndpoint)
        #expect(settled.entry.attempt?.error == "HTTP 503")
    }

    @Test func retryAfterReplacesAShorterDelayUpToAnHour() throws {
        let longer = try #require(settle(taken(), status: 429, retryAfter: "30").entry.completion.next)
        #expect(longer.dueMilliseconds == Int64((now.timeIntervalSince1970 + 30) * 1_000))
        let capped = try #require(settle(taken(), status: 429, retryAfter: "86400").entry.completion.next)
        #expect(capped.dueMilliseconds == Int64((now.timeIntervalSince1970 + 3_600) * 1_000))
    }

    @Test func theLastAttemptBecomesAnExhaustedDeadLetter() throws {
        let defaultLast = settle(taken(attempt: 3), status: nil)
        #expect(defaultLast.entry.completion.next == nil)
        #expect(defaultLast.entry.deadLetter?.reason == .exhausted)
        #expect(defaultLast.entry.deadLetter?.lastError == "timeout")
        let ownLimit = settle(taken(attempt: 1, maxAttempts: 1), status: 500)
        #expect(ownLimit.entry.deadLetter?.reason == .exhausted)
        #expect(ownLimit.entry.deadLetter?.attempts == 1)
    }

    @Test func otherClientErrorsAndRedirectsAreRejectedAtOnce() {
        for status in [301, 302, 400, 401, 404, 422] {
            let settled = settle(taken(), status: status)
            #expect(settled.entry.deadLetter?.reason == .rejected, "\(status)")
            #expect(settled.entry.deadLetter?.lastStatus == status)
            #expect(!settled.countsAgainstEndpoint, "the job's fault, not the endpoint's")
        }
        #expect(settle(taken(), status: nil, isPermanent: true).entry.deadLetter?.reason == .rejected)
    }

    @Test func goneDisablesTheEndpoint() throws {
        let job = taken()
        let settled = settle(job, status: 410)
        #expect(settled.disablesEndpoint)
        #expect(settled.entry.deadLetter?.reason == .gone)
        #expect(settled.entry.disable?.endpoint == job.endpoint.id)
    }
}
