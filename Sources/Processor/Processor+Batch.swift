import ChainKit
import Foundation
import Hiredis
import Logging
import Pipeline
import Threading

extension Processor {
    /// Batches at least this large are built in two halves at once.
    static let parallelBuildMinimum = 100

    /// What each entry of a batch becomes: its jobs, or a dead letter when it does not parse; in the batch's order.
    ///
    /// Building is the longest step of the loop (reading and acknowledging overlap with it), and the loop used ~1.3
    /// of the 2 cores on a quiet machine (CPU per log × rate, process and Redis): a large batch is built in two
    /// halves on the cooperative pool's threads, against one snapshot of the endpoints.
    func outcomes(for records: [StreamRecord]) async -> [(id: String, outcome: EntryOutcome)] {
        guard !records.isEmpty else { return [] }
        let index = index.withLock { $0 }
        let enqueuedAt = UInt64(Date().timeIntervalSince1970 * 1_000)
        guard records.count >= Self.parallelBuildMinimum else {
            return outcomes(for: records[...], index: index, enqueuedAt: enqueuedAt)
        }
        let middle = records.count / 2
        async let second = outcomes(for: records[middle...], index: index, enqueuedAt: enqueuedAt)
        let first = outcomes(for: records[..<middle], index: index, enqueuedAt: enqueuedAt)
        return first + (await second)
    }

    private func outcomes(
        for records: ArraySlice<StreamRecord>, index: SubscriptionIndex, enqueuedAt: UInt64
    ) -> [(id: String, outcome: EntryOutcome)] {
        let builder = JobBuilder(index: index, enqueuedAt: enqueuedAt)
        var outcomes: [(id: String, outcome: EntryOutcome)] = []
        outcomes.reserveCapacity(records.count)
        for record in records {
            switch record.entry {
            case .success(let entry):
                outcomes.append((record.id, .jobs(builder.encodedJobs(for: entry))))
            case .failure(let unreadable):
                logger.error(
                    "unreadable stream entry moved to the dead-entry stream",
                    metadata: ["entry.id": "\(record.id)", "error": "\(unreadable.error)"])
                // A bounded copy: an entry with thousands of fields must not make the dead-letter step fail too.
                let kept = Array(unreadable.fields.prefix(AcknowledgeScript.maximumDeadFields))
                outcomes.append((record.id, .dead(reason: unreadable.error.description, fields: kept)))
            case nil:
                // Deleted while pending (trimmed by hand): nothing left to deliver, only the acknowledgement.
                outcomes.append((record.id, .jobs([])))
            }
        }
        return outcomes
    }

    /// Pushes the jobs and acknowledges the entries, in script calls of whole entries.
    func acknowledge(_ outcomes: [(id: String, outcome: EntryOutcome)], of count: Int) async throws {
        var acked = 0
        var pushed = 0
        for slice in AcknowledgeScript.slices(outcomes) {
            let reply = try await writer.acknowledge(
                slice, keys: configuration.keys, group: configuration.keys.processorGroup,
                consumer: configuration.consumer)
            acked += Int(reply.array?.first?.int ?? 0)
            pushed += Int(reply.array?.last?.int ?? 0)
        }
        let dead = outcomes.count { if case .dead = $0.outcome { true } else { false } }
        counters.withLock {
            $0.entries += acked
            $0.jobs += pushed
            $0.deadEntries += dead
        }
        metrics.record(entries: acked, jobs: pushed, dead: dead, oldestEntryID: outcomes.first?.id)
        if acked < count {
            logger.notice(
                "entries reclaimed by another processor were skipped", metadata: ["entries.count": "\(count - acked)"])
        }
    }
}
