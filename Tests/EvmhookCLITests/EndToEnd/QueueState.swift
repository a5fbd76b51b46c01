import Hiredis

/// What is still in flight in Redis: unread or unacknowledged stream entries, queued, retrying and taken jobs.
struct QueueState: Sendable, CustomStringConvertible {
    var streamLag = 0
    var streamPending = 0
    var jobs = 0
    var retries = 0
    var processing = 0

    var isEmpty: Bool { streamLag == 0 && streamPending == 0 && jobs == 0 && retries == 0 && processing == 0 }

    var description: String {
        "stream lag \(streamLag), pending \(streamPending); jobs \(jobs), retries \(retries), processing \(processing)"
    }

    static func read(redis: RedisConnection, prefix: String) async throws -> QueueState {
        var state = QueueState()
        if case .array(let groups) = try await redis.send(["XINFO", "GROUPS", "\(prefix):events"]) {
            for case .array(let fields) in groups {
                for index in stride(from: 0, to: fields.count - 1, by: 2) {
                    switch fields[index].string {
                    case "pending": state.streamPending += Int(fields[index + 1].int ?? 0)
                    // nil lag (unknown after trims) counts as not caught up.
                    case "lag": state.streamLag += fields[index + 1].int.map { Int($0) } ?? 1
                    default: break
                    }
                }
            }
        }
        state.jobs = Int(try await redis.send(["LLEN", "\(prefix):jobs"]).int ?? 0)
        state.retries = Int(try await redis.send(["ZCARD", "\(prefix):jobs:retry"]).int ?? 0)
        if case .array(let reply) = try await redis.send(["KEYS", "\(prefix):jobs:processing:*"]) {
            for key in reply.compactMap(\.string) {
                state.processing += Int(try await redis.send(["LLEN", key]).int ?? 0)
            }
        }
        return state
    }
}
