public import Hiredis
public import Pipeline

/// The Redis side of one worker: taking jobs into its processing list, finishing them there, and the moves between
/// the queue, the retry set and dead workers' lists (`QueueScripts`). A job is always in Redis until finished: in
/// the queue, in a processing list, or in the retry set.
public struct JobQueue: Sendable {
    public let keys: RedisKeys
    /// This worker's name: its processing list and its entry in the heartbeat set.
    public let worker: String

    public init(keys: RedisKeys, worker: String) {
        self.keys = keys
        self.worker = worker
    }

    var processing: String { keys.processing(worker: worker) }

    /// Waits up to `block` for one job (`BLMOVE` into the processing list), then, when the queue is deep, takes up
    /// to `limit - 1` more in one pipeline of `LMOVE`s.
    ///
    /// Jobs come back as the bytes Redis holds: `LREM` must name exactly those, even when they are not UTF-8.
    func take(on connection: RedisConnection, block: Duration, limit: Int) async throws -> [[UInt8]] {
        let seconds = Double(block.components.seconds) + Double(block.components.attoseconds) * 1e-18
        let first = try await connection.send(["BLMOVE", keys.jobs, processing, "RIGHT", "LEFT", "\(seconds)"])
        guard let job = first.bytes else { return [] }
        guard limit > 1 else { return [job] }
        let more = try await connection.pipeline(
            Array(repeating: ["LMOVE", keys.jobs, processing, "RIGHT", "LEFT"], count: limit - 1))
        return [job] + more.compactMap(\.bytes)
    }

    /// The commands that finish taken jobs: each leaves the processing list, and a rescheduled one enters the retry
    /// set in the same `MULTI`, so it is never in both or neither. Repeating them is harmless.
    func finishCommands(_ finished: [QueueCompletion]) -> [[RedisArgument]] {
        var commands: [[RedisArgument]] = []
        commands.reserveCapacity(finished.count * 2)
        for completion in finished {
            if let next = completion.next {
                commands.append(["ZADD", .init(keys.retries), .init(next.dueMilliseconds), .init(next.job)])
            }
            // From the tail (-1): jobs enter at the head, so the oldest, which mostly finish first, are found at
            // once instead of after a scan of the whole list.
            commands.append(["LREM", .init(processing), "-1", .init(bytes: completion.taken)])
        }
        return commands
    }

    /// Records that this worker is alive (unix milliseconds in the heartbeat set).
    public func heartbeat(on connection: RedisConnection, now: Int64) async throws {
        _ = try await connection.send(["ZADD", keys.workers, String(now), worker])
    }

    /// Returns the taken jobs of workers whose heartbeat is older than `cutoff` to the queue; how many moved.
    public func reapDeadWorkers(on connection: RedisConnection, cutoff: Int64) async throws -> Int {
        let reply = try await connection.evaluate(
            QueueScripts.reap, keys: [.init(keys.workers), .init(keys.jobs)],
            arguments: [.init(String(cutoff)), .init(keys.processing(worker: ""))])
        return Int(reply.int ?? 0)
    }

    /// Moves up to `limit` retries due at `now` (unix milliseconds) to the front of the queue; how many moved.
    public func moveDueRetries(on connection: RedisConnection, now: Int64, limit: Int) async throws -> Int {
        let reply = try await connection.evaluate(
            QueueScripts.moveDue, keys: [.init(keys.retries), .init(keys.jobs)],
            arguments: [.init(String(now)), .init(String(limit))])
        return Int(reply.int ?? 0)
    }

    /// Puts every job still in this worker's processing list back at the front of the queue and forgets the
    /// worker: the last step of a graceful shutdown.
    public func handBack(on connection: RedisConnection) async throws -> Int {
        try await moveProcessingToQueue(on: connection, forgettingWorker: true)
    }

    /// Puts every job in this worker's processing list back at the front of the queue, the worker staying
    /// registered. For a worker that holds none of them in memory: after a take whose replies were lost.
    func returnUnheld(on connection: RedisConnection) async throws -> Int {
        try await moveProcessingToQueue(on: connection, forgettingWorker: false)
    }

    private func moveProcessingToQueue(on connection: RedisConnection, forgettingWorker: Bool) async throws -> Int {
        let reply = try await connection.evaluate(
            QueueScripts.handBack, keys: [.init(processing), .init(keys.jobs), .init(keys.workers)],
            arguments: [.init(forgettingWorker ? worker : "")])
        return Int(reply.int ?? 0)
    }
}

/// What to do in Redis with a job that is done with this worker.
struct QueueCompletion: Sendable {
    struct Next: Sendable {
        /// The job string to try later (its attempt advanced for a retry, unchanged for a deferral).
        var job: String
        var dueMilliseconds: Int64
    }

    /// The job as taken: what `LREM` removes from the processing list.
    var taken: [UInt8]
    /// Set when the job comes back later through the retry set.
    var next: Next?
}
