import Foundation
import Hiredis
import Ingestor
import Logging
import Pipeline
import Threading

/// The replays this API process runs, each a task with its own Redis connection, and where each last stood.
/// Others (run before a restart, or by `evmhook replay`) are known from the resume point Redis keeps for each:
/// starting one again continues where its last whole chunk ended.
final class ReplayRegistry: Sendable {
    enum Status: String, Sendable {
        case running, completed, cancelled, failed
    }

    struct State: Sendable {
        let configuration: Replayer.Configuration
        var status: Status
        /// Blocks in the stream (earlier runs included); known once this run wrote its first chunk.
        var blocksDone: UInt64 = 0
        /// Entries written by this run.
        var logs: UInt64 = 0
        var error: String?

        mutating func record(_ progress: Replayer.Progress) {
            blocksDone = progress.blocksDone
            logs = progress.logs
        }
    }

    private struct Entry {
        var state: State
        let task: Task<Void, Never>
    }

    /// The node replays read (EVMHOOK_RPC_URL); nil when this process has none.
    let rpcURL: String?
    let redisURL: String
    let keys: RedisKeys
    let logger: Logger
    private let entries = Guarded<[String: Entry]>([:])

    init(rpcURL: String?, redisURL: String, keys: RedisKeys, logger: Logger) {
        self.rpcURL = rpcURL
        self.redisURL = redisURL
        self.keys = keys
        self.logger = logger
    }

    /// Starts the replay unless it is running already (a second start must not write its chunks twice); `started`
    /// says which.
    func start(_ configuration: Replayer.Configuration) -> (state: State, started: Bool) {
        let id = configuration.id
        return entries.withLock { entries in
            if let entry = entries[id], entry.state.status == .running { return (entry.state, false) }
            let state = State(configuration: configuration, status: .running)
            // Created under the lock, so the task's first update finds its entry.
            entries[id] = Entry(state: state, task: Task { await self.run(configuration) })
            return (state, true)
        }
    }

    /// A replay this process ran or runs.
    func state(_ id: String) -> State? {
        entries.withLock { $0[id]?.state }
    }

    /// A replay this process ran or runs, else one known from its progress in Redis.
    func find(_ id: String) async throws -> State? {
        if let state = state(id) { return state }
        return try await stored(id)
    }

    /// Cancels the replay and waits until it has stopped (after the chunk in hand, which stays whole); one this
    /// process does not run is left as it is.
    func cancel(_ id: String) async throws -> State? {
        guard let task = entries.withLock({ $0[id]?.task }) else { return try await stored(id) }
        task.cancel()
        await task.value
        return state(id)
    }

    /// A replay from the progress `Replayer` keeps in Redis: completed, or stopped before its end (`cancelled`).
    private func stored(_ id: String) async throws -> State? {
        let redis = try await RedisConnection.connect(to: redisURL, logger: logger)
        let reply: RedisReply
        do {
            reply = try await redis.send(["HGETALL", keys.replay(id: id)])
        } catch {
            await redis.close()
            throw error
        }
        await redis.close()
        let values = (reply.array ?? []).compactMap(\.string)
        var fields: [String: String] = [:]
        for index in stride(from: 0, to: values.count - 1, by: 2) { fields[values[index]] = values[index + 1] }
        guard let chain = fields["chain"].flatMap(UInt64.init), let from = fields["from"].flatMap(UInt64.init),
            let to = fields["to"].flatMap(UInt64.init), let next = fields["next"].flatMap(UInt64.init),
            from <= to, next >= from, let target = fields["endpoint"]
        else { return nil }
        let endpoint = UUID(uuidString: target)
        guard endpoint != nil || target == "all" else { return nil }
        let configuration = Replayer.Configuration(
            rpcURL: rpcURL ?? "", chainID: chain, range: from...to, endpoint: endpoint, keys: keys)
        // The id derives from these fields: a hash that does not give it back is not this replay's.
        guard configuration.id == id else { return nil }
        var state = State(configuration: configuration, status: next > to ? .completed : .cancelled)
        state.blocksDone = next > to ? min(to - from, .max - 1) + 1 : next - from
        return state
    }

    /// Stops every replay (the server is shutting down); each resumes when started again.
    func cancelAll() async {
        let tasks = entries.withLock { $0.values.map(\.task) }
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
    }

    private func run(_ configuration: Replayer.Configuration) async {
        let id = configuration.id
        do {
            let redis = try await RedisConnection.connect(to: redisURL, logger: logger)
            let replayer = Replayer(configuration: configuration, redis: redis, logger: logger)
            let progress: Replayer.Progress
            do {
                progress = try await replayer.run { progress in self.update(id) { $0.record(progress) } }
            } catch {
                await redis.close()
                throw error
            }
            await redis.close()
            update(id) { state in
                state.record(progress)
                state.status = progress.isComplete ? .completed : .cancelled
            }
        } catch {
            // A cancellation can surface as any error of the call it interrupted: it is still a cancellation.
            let cancelled = Task.isCancelled
            if !cancelled {
                logger.error("replay failed", metadata: ["replay": "\(id)", "error": "\(error)"])
            }
            update(id) { state in
                state.status = cancelled ? .cancelled : .failed
                state.error = cancelled ? nil : "\(error)"
            }
        }
    }

    private func update(_ id: String, _ change: (inout State) -> Void) {
        entries.withLock { entries in
            if var entry = entries[id] {
                change(&entry.state)
                entries[id] = entry
            }
        }
    }
}
