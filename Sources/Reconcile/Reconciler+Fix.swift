import Hiredis
import Pipeline

extension Reconciler {
    /// Enqueues what `chunk` found missing (absent or dead-lettered: pending ones are on their way) and the removals
    /// of its orphans, then deletes the re-queued dead letters. A crash between the two leaves them queued and
    /// listed: a second run sends a duplicate with the same `webhook-id`, never nothing (as `dlq retry`).
    func fix(_ chunk: inout Chunk, jobs: [String: DeliveryJob], comparison: ChunkComparison) async throws {
        var pushes: [[String]] = []
        var missingEnqueued: [Int] = []
        for (position, missing) in chunk.missing.enumerated() where missing.state != .pending {
            guard let job = jobs[missing.webhookID] else { continue }
            pushes.append(["LPUSH", configuration.keys.jobs, job.encoded])
            missingEnqueued.append(position)
        }
        var orphansEnqueued: [Int] = []
        for position in chunk.orphans.indices {
            do {
                let job = try await comparison.removalJob(for: chunk.orphans[position])
                pushes.append(["LPUSH", configuration.keys.jobs, job.encoded])
                orphansEnqueued.append(position)
            } catch let problem as ChunkComparison.FixProblem {
                chunk.orphans[position].fixProblem = problem.description
            }
        }
        guard !pushes.isEmpty else { return }
        for reply in try await redis.pipeline(pushes) {
            if let message = reply.errorMessage {
                throw RedisError(code: .server, message: message, command: "LPUSH", server: redis.url.endpoint)
            }
        }
        for position in missingEnqueued { chunk.missing[position].enqueued = true }
        for position in orphansEnqueued { chunk.orphans[position].enqueued = true }
        let requeuedDead = missingEnqueued.map { chunk.missing[$0] }.filter { $0.state == .deadLettered }
        try await DeliveryRecords(connection: database).removeDeadLetters(requeuedDead.map(\.webhookID))
    }
}
