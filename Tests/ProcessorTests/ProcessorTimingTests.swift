import Processor
import Store
import Testing

/// The Processor's promise in wall-clock time. Suites named `…TimingTests` run alone after the rest of the suite
/// (`scripts/test`): with 500 tests sharing two cores, a one-second bound measures the machine, not the refresh.
@Suite struct ProcessorTimingTests {
    @Test func endpointChangesTakeEffectWithinOneSecond() async throws {
        try await ProcessorHarness.with { harness in
            let running = try await harness.startProcessor()
            var logIndex: UInt64 = 0
            /// Appends an entry every 20 ms until one yields (or stops yielding) a job; returns how long after the
            /// change that entry was appended: by then the change was in effect. (Not when its job appeared: on a
            /// loaded machine processing one entry can itself take a while, and that is not the refresh's delay.)
            func timeUntil(jobs wanted: Bool) async throws -> Duration {
                let start = ContinuousClock.now
                while ContinuousClock.now - start < .seconds(5) {
                    let before = try await harness.jobCount()
                    let processed = running.processor.statistics.entries
                    logIndex += 1
                    let appended = ContinuousClock.now
                    try await harness.append([StreamEntries.entry(StreamEntries.log(topics: [], logIndex: logIndex))])
                    try await harness.waitUntil("entry processed") {
                        running.processor.statistics.entries == processed + 1
                    }
                    if (try await harness.jobCount() > before) == wanted { return appended - start }
                    try await Task.sleep(for: .milliseconds(20))
                }
                throw HarnessTimeout(description: "the change never took effect")
            }
            var endpoint = try await harness.addEndpoint()
            #expect(try await timeUntil(jobs: true) < .seconds(1))
            endpoint.enabled = false
            try await harness.store.update(endpoint)
            #expect(try await timeUntil(jobs: false) < .seconds(1))
            await running.stop()
        }
    }
}
