import Foundation
import Hiredis
import Ingestor
import Logging
import Threading

/// The replays this API process runs, each a task with its own Redis connection, and where each last stood.
/// Only in memory: Redis keeps every replay's resume point, so after a restart the same start request continues
/// where the last whole chunk ended.
final class ReplayRegistry: Sendable {
    enum Status: String, Sendable {
        case running, completed, cancelled, failed
    }

    struct State: Sendable {
        let configuration: Replayer.Configuration
        var status: Status
        /// The last progress reported; nil until the first chunk is written.
        var progress: Replayer.Progress?
        var error: String?
    }

    private struct Entry {
        var state: State
        let task: Task<Void, Never>
    }

    /// The node replays read (EVMHOOK_RPC_URL); nil when this process has none.
    let rpcURL: String?
    let redisURL: String
    let logger: Logger
    private let entries = Guarded<[String: Entry]>([:])

    init(rpcURL: String?, redisURL: String, logger: Logger) {
        self.rpcURL = rpcURL
        self.redisURL = redisURL
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

    func state(_ id: String) -> State? {
        entries.withLock { $0[id]?.state }
    }

    /// Cancels the replay and waits until it has stopped (after the chunk in hand, which stays whole).
    func cancel(_ id: String) async -> State? {
        guard let task = entries.withLock({ $0[id]?.task }) else { return nil }
        task.cancel()
        await task.value
        return state(id)
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
                progress = try await replayer.run { progress in self.update(id) { $0.progress = progress } }
            } catch {
                await redis.close()
                throw error
            }
            await redis.close()
            update(id) { state in
                state.progress = progress
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
