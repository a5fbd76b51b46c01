import Hiredis
import Pipeline

/// The webhook ids of every job Delivery still holds in Redis: the jobs list, the retry set and every worker's
/// processing list, read in pages (never one reply holding a whole backlog).
///
/// A snapshot taken before the delivery records are read: a job that is delivered meanwhile shows as delivered or
/// pending, never as absent. A job enqueued after the snapshot (the Processor behind the chain) shows as absent;
/// `--fix` then enqueues a duplicate with the same webhook id, which receivers deduplicate.
enum QueuedJobs {
    static let pageSize = 1_000

    static func webhookIDs(redis: RedisConnection, keys: RedisKeys) async throws -> Set<String> {
        var ids = Set<String>()
        var lists = [keys.jobs]
        lists += try await processingLists(redis: redis, keys: keys)
        for list in lists {
            try await page(redis: redis, command: ["LRANGE", list], into: &ids)
        }
        try await page(redis: redis, command: ["ZRANGE", keys.retries], into: &ids)
        return ids
    }

    /// Every worker's processing list, found by key pattern (a dead worker's list counts until it is reaped).
    private static func processingLists(redis: RedisConnection, keys: RedisKeys) async throws -> [String] {
        let pattern = RedisKeys(prefix: globEscaped(keys.prefix)).processing(worker: "*")
        var lists: [String] = []
        var cursor = "0"
        repeat {
            let reply = try await redis.send(["SCAN", cursor, "MATCH", pattern, "COUNT", "1000", "TYPE", "list"])
            guard let parts = reply.array, parts.count == 2, let next = parts[0].string else {
                throw RedisError(
                    code: .unexpectedReply, message: "unexpected SCAN reply", command: "SCAN",
                    server: redis.url.endpoint)
            }
            lists += (parts[1].array ?? []).compactMap(\.string)
            cursor = next
        } while cursor != "0"
        return lists
    }

    /// Reads `command key start stop` page by page until a short page.
    private static func page(redis: RedisConnection, command: [String], into ids: inout Set<String>) async throws {
        var start = 0
        while true {
            let reply = try await redis.send(command + [String(start), String(start + pageSize - 1)])
            let jobs = reply.array ?? []
            for job in jobs {
                if let bytes = job.bytes, let id = webhookID(ofJob: bytes) { ids.insert(id) }
            }
            guard jobs.count == pageSize else { return }
            start += pageSize
        }
    }

    /// The webhook id in a job's header line (`DeliveryJob+Encoding`: its third field), without parsing the body.
    static func webhookID(ofJob bytes: [UInt8]) -> String? {
        let header = bytes.prefix { $0 != UInt8(ascii: "\n") }
        let fields = header.split(separator: UInt8(ascii: " "), maxSplits: 3, omittingEmptySubsequences: false)
        guard fields.count >= 3 else { return nil }
        return String(decoding: fields[2], as: UTF8.self)
    }

    private static func globEscaped(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if "*?[]\\".contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}
