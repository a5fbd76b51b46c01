import ChainKit
import Testing

@testable import Ingestor

/// The pure pieces: reconnect pauses and the canonical window.
@Suite struct BackoffAndWindowTests {
    @Test func reconnectPausesGrowButNeverPassThirtySeconds() {
        var backoff = ReconnectBackoff(initial: .milliseconds(250), maximum: .seconds(30))
        var pauses: [Duration] = []
        for _ in 0..<40 { pauses.append(backoff.next()) }
        #expect(pauses.allSatisfy { $0 <= .seconds(30) && $0 > .zero })
        // Jitter: the capped pauses are not all the same.
        #expect(Set(pauses.suffix(20)).count > 1)
        #expect(pauses.suffix(20).contains { $0 > .seconds(10) })
        backoff.reset()
        #expect(backoff.next() <= .milliseconds(250))
    }

    @Test func theWindowKeepsItsSizeAndForgetsTheOldest() {
        var window = CanonicalWindow(size: 128)
        for number in UInt64(1)...300 { window.append(number: number, hash: Hash32.zero) }
        #expect(window.hashes.count == 128)
        #expect(window.lowest == 173)
        #expect(window[172] == nil && window[300] != nil)
    }
}
