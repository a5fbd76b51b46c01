import Delivery
import Testing

@Suite struct RateLimiterTests {
    @Test func allowsABurstOfOneSecondThenDefersAtTheRate() {
        let start = ContinuousClock.now
        var limiter = RateLimiter(perSecond: 10, now: start)
        for _ in 0..<10 { #expect(limiter.take(now: start) == nil) }
        let wait = limiter.take(now: start)!
        #expect(wait > .milliseconds(99) && wait <= .milliseconds(100))
        #expect(limiter.take(now: start.advanced(by: .milliseconds(100))) == nil)
    }

    @Test func holdsTheRateWithinTenPercentOverALongRun() {
        // Jobs arrive as fast as they can; each deferred job is taken when the limiter says.
        let start = ContinuousClock.now
        var limiter = RateLimiter(perSecond: 50, now: start)
        var now = start
        var sent = 0
        // Bounded: a limiter that stopped advancing time would fail here rather than spin.
        for _ in 0..<10_000 where now < start.advanced(by: .seconds(20)) {
            if let wait = limiter.take(now: now) { now = now.advanced(by: wait) } else { sent += 1 }
        }
        #expect(now >= start.advanced(by: .seconds(20)))
        // 50/s for 20 s plus the initial one-second burst.
        #expect(abs(sent - 1_050) <= 105)
    }
}
