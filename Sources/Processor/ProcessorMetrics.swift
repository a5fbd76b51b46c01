import CoreMetrics
import Foundation
import Pipeline

/// The Processor's metric handles, created once per Processor (never per entry).
struct ProcessorMetrics: Sendable {
    let entries = Counter(label: MetricNames.entriesProcessed)
    let jobs = Counter(label: MetricNames.jobsEnqueued)
    let deadEntries = Counter(label: MetricNames.deadEntries)
    let lag = Timer(label: MetricNames.processLag)

    /// One acknowledged batch; `oldestEntryID` (`<unix ms>-<seq>`, the stream's own clock) dates its oldest entry.
    func record(entries acked: Int, jobs pushed: Int, dead: Int, oldestEntryID: String?) {
        entries.increment(by: acked)
        jobs.increment(by: pushed)
        if dead > 0 { deadEntries.increment(by: dead) }
        guard let id = oldestEntryID, let dash = id.firstIndex(of: "-"), let added = UInt64(id[..<dash]) else { return }
        let now = UInt64(Date().timeIntervalSince1970 * 1_000)
        lag.recordMilliseconds(now > added ? now - added : 0)
    }
}
