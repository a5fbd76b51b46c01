import ChainKit
import Foundation
import Hiredis
import Logging
import Pipeline
import Threading

extension Processor {
    /// What each entry of a batch becomes: its jobs, or a dead letter when it does not parse.
    func outcomes(for records: [StreamRecord]) -> [(id: String, outcome: EntryOutcome)] {
        guard !records.isEmpty else { return [] }
        let builder = JobBuilder(
            index: index.withLock { $0 }, enqueuedAt: UInt64(Date().timeIntervalSince1970 * 1_000))
        var outcomes: [(id: String, outcome: EntryOutcome)] = []
        outcomes.reserveCapacity(records.count)
        for record in records {
            // Deleted while pending (trimmed by hand): nothing left to deliver, only the acknowledgement.
            guard let fields = record.fields else {
                outcomes.append((record.id, .jobs([])))
                continue
            }
            do {
                let entry = try StreamEntry(fields: fields)
                outcomes.append((record.id, .jobs(builder.encodedJobs(for: entry))))
            } catch {
                logger.error(
                    "unreadable stream entry moved to the dead-entry stream",
                    metadata: ["entry.id": "\(record.id)", "error": "\(error)"])
                // A bounded copy: an entry with thousands of fields must not make the dead-letter step fail too.
                let kept = Array(fields.prefix(AcknowledgeScript.maximumDeadFields))
                outcomes.append((record.id, .dead(reason: error.description, fields: kept)))
            }
        }
        return outcomes
    }

    /// Pushes the jobs and acknowledges the entries, in script calls of whole entries.
    func acknowledge(_ outcomes: [(id: String, outcome: EntryOutcome)], of count: Int) async throws {
        var acked = 0
        var pushed = 0
        for slice in AcknowledgeScript.slices(outcomes) {
            let reply = try await writer.evaluate(
                AcknowledgeScript.script, keys: AcknowledgeScript.keys(configuration.keys),
                arguments: AcknowledgeScript.arguments(
                    group: configuration.keys.processorGroup, consumer: configuration.consumer, outcomes: slice))
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
