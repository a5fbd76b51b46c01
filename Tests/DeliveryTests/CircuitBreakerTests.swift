import Delivery
import Testing

@Suite struct CircuitBreakerTests {
    private let start = ContinuousClock.now

    @Test func opensAfterConsecutiveFailuresAndDefersUntilTheProbe() {
        var breaker = CircuitBreaker()
        for _ in 0..<4 { #expect(breaker.record(success: false, now: start) == nil) }
        #expect(breaker.decide(now: start) == .send)
        #expect(breaker.record(success: false, now: start) == .opened(coolDown: .seconds(5)))
        #expect(breaker.decide(now: start.advanced(by: .seconds(1))) == .deferUntil(start.advanced(by: .seconds(5))))
        #expect(breaker.decide(now: start.advanced(by: .seconds(5))) == .probe)
        // While the probe is out, others wait briefly instead of piling onto a sick endpoint.
        #expect(breaker.decide(now: start.advanced(by: .seconds(5))) == .deferUntil(start.advanced(by: .seconds(6))))
    }

    @Test func aSuccessBetweenFailuresResetsTheCount() {
        var breaker = CircuitBreaker()
        for _ in 0..<4 { _ = breaker.record(success: false, now: start) }
        _ = breaker.record(success: true, now: start)
        for _ in 0..<4 { _ = breaker.record(success: false, now: start) }
        #expect(breaker.state == .closed)
    }

    @Test func failedProbesGrowTheCoolDownUpToTheCap() {
        var breaker = CircuitBreaker()
        for _ in 0..<5 { _ = breaker.record(success: false, now: start) }
        var now = start
        var coolDowns: [Duration] = []
        for _ in 0..<10 {
            guard case .open(let until) = breaker.state else { break }
            now = until
            #expect(breaker.decide(now: now) == .probe)
            if case .reopened(let coolDown) = breaker.record(success: false, now: now) { coolDowns.append(coolDown) }
        }
        #expect(Array(coolDowns.prefix(4)) == [.seconds(10), .seconds(20), .seconds(40), .seconds(80)])
        #expect(coolDowns.last == .seconds(600))
    }

    @Test func aSuccessfulProbeClosesAndResetsTheCoolDown() {
        var breaker = CircuitBreaker()
        for _ in 0..<5 { _ = breaker.record(success: false, now: start) }
        #expect(breaker.decide(now: start.advanced(by: .seconds(5))) == .probe)
        #expect(breaker.record(success: true, now: start.advanced(by: .seconds(5))) == .closed)
        #expect(breaker.decide(now: start.advanced(by: .seconds(5))) == .send)
        for _ in 0..<5 { _ = breaker.record(success: false, now: start) }
        #expect(breaker.state == .open(until: start.advanced(by: .seconds(5))))
    }

    @Test func lateFailuresWhileOpenChangeNothing() {
        var breaker = CircuitBreaker()
        for _ in 0..<5 { _ = breaker.record(success: false, now: start) }
        let state = breaker.state
        #expect(breaker.record(success: false, now: start.advanced(by: .seconds(1))) == nil)
        #expect(breaker.state == state)
    }
}
