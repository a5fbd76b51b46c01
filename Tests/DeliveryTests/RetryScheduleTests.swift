import Delivery
import Testing

/// A generator that always returns `value`: pins the jitter to an end of its range.
private struct Fixed: RandomNumberGenerator {
    let value: UInt64
    mutating func next() -> UInt64 { value }
}

@Suite struct RetryScheduleTests {
    @Test func defaultScheduleIsTheContracts() {
        let schedule = RetrySchedule.standard
        #expect(
            schedule.delays == [
                .seconds(5), .seconds(300), .seconds(1_800), .seconds(7_200), .seconds(18_000),
                .seconds(36_000), .seconds(36_000),
            ])
        #expect(schedule.defaultMaxAttempts == 8)
    }

    @Test func parsesTheEnvironmentSyntax() throws {
        let schedule = try RetrySchedule(parsing: "500ms, 5s,5m,2h")
        #expect(schedule.delays == [.milliseconds(500), .seconds(5), .seconds(300), .seconds(7_200)])
        #expect(schedule.defaultMaxAttempts == 5)
    }

    @Test(arguments: ["", "5", "5x", "5s,,5m", "-5s", "abc", "0"])
    func rejectsWhatIsNotADuration(text: String) {
        #expect(throws: ScheduleError.self) { try RetrySchedule(parsing: text) }
    }

    @Test func jitterStaysWithinTwentyPercentAndSpreads() {
        var random = SystemRandomNumberGenerator()
        var seen: [Duration] = []
        for _ in 0..<2_000 {
            let delay = RetrySchedule.standard.delay(afterAttempt: 2, maxAttempts: 8, using: &random)!
            #expect(delay >= .seconds(240) && delay <= .seconds(360))
            seen.append(delay)
        }
        // Both halves of the band are used: jitter is really applied.
        #expect(seen.contains { $0 < .seconds(270) } && seen.contains { $0 > .seconds(330) })
    }

    @Test func jitterBoundsAreExactAtTheExtremes() {
        var low = Fixed(value: 0)
        var high = Fixed(value: .max)
        #expect(RetrySchedule.standard.delay(afterAttempt: 1, maxAttempts: 8, using: &low) == .seconds(4))
        let top = RetrySchedule.standard.delay(afterAttempt: 1, maxAttempts: 8, using: &high)!
        #expect(top <= .seconds(6) && top > .milliseconds(5_999))
    }

    @Test func lastAttemptHasNoNextDelay() {
        var random = SystemRandomNumberGenerator()
        #expect(RetrySchedule.standard.delay(afterAttempt: 8, maxAttempts: 8, using: &random) == nil)
        #expect(RetrySchedule.standard.delay(afterAttempt: 3, maxAttempts: 3, using: &random) == nil)
        // An endpoint allowing more attempts than the schedule lists repeats its last delay.
        let late = RetrySchedule.standard.delay(afterAttempt: 9, maxAttempts: 12, using: &random)!
        #expect(late >= .seconds(28_800) && late <= .seconds(43_200))
    }

    @Test func retryAfterIsHonouredButCappedAtOneHour() {
        var low = Fixed(value: 0)
        #expect(
            RetrySchedule.standard.delay(afterAttempt: 1, maxAttempts: 8, retryAfter: .seconds(120), using: &low)
                == .seconds(120))
        #expect(
            RetrySchedule.standard.delay(afterAttempt: 1, maxAttempts: 8, retryAfter: .seconds(86_400), using: &low)
                == .seconds(3_600))
        // A Retry-After shorter than the schedule does not make the retry come sooner.
        #expect(
            RetrySchedule.standard.delay(afterAttempt: 2, maxAttempts: 8, retryAfter: .seconds(1), using: &low)
                == .seconds(240))
    }
}
