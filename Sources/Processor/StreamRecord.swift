import Hiredis
import Pipeline

/// An entry as `XREADGROUP` or `XAUTOCLAIM` returns it: its id and what its fields parse to, or why they don't (with
/// the fields, for the dead letter), or nil when the entry was deleted from the stream while still pending.
struct StreamRecord: Sendable {
    let id: String
    /// Parsed with the reply, on the connection's thread (`RedisConnection.readRecords`), while the batch before is
    /// being built on the pool's.
    let entry: Result<StreamEntry, Unreadable>?

    /// An entry that does not parse: why, and its fields as text.
    struct Unreadable: Error {
        let error: StreamEntryError
        let fields: [(String, String)]
    }

    /// The entries of an `XREADGROUP … STREAMS key id` reply (one stream); nil (a timeout) is no entries.
    static func fromReadGroup(_ reply: RedisRawReply) throws -> [StreamRecord] {
        if reply.isNull { return [] }
        guard let streams = reply.count, streams >= 1, case let stream = reply[0], stream.count == 2,
            let count = stream[1].count
        else {
            throw unexpected("XREADGROUP", reply)
        }
        let entries = stream[1]
        return try (0..<count).map { try record(entries[$0]) }
    }

    /// The cursor and entries of an `XAUTOCLAIM` reply.
    static func fromAutoClaim(_ reply: RedisRawReply) throws -> (cursor: String, records: [StreamRecord]) {
        guard let parts = reply.count, parts >= 2, let cursor = reply[0].bytes, let count = reply[1].count else {
            throw unexpected("XAUTOCLAIM", reply)
        }
        let entries = reply[1]
        // Redis 7 leaves deleted entries out of the list (and reports their ids in a third element).
        let records = try (0..<count).map { entries[$0] }.filter { !$0.isNull }.map(record)
        return (String(decoding: cursor, as: UTF8.self), records)
    }

    /// Reads the entry's fields in place: no `String` per name and value unless the entry turns out unreadable.
    private static func record(_ reply: RedisRawReply) throws -> StreamRecord {
        guard reply.count == 2, let id = reply[0].bytes else { throw unexpected("stream entry", reply) }
        let flat = reply[1]
        guard let count = flat.count else { return StreamRecord(id: text(id), entry: nil) }
        // An odd last element has no value: ignored, as it always was.
        let entry = Result { () throws(StreamEntryError) in
            try StreamEntry(fieldCount: count / 2) { position in
                (flat[2 * position].bytes ?? empty, flat[2 * position + 1].bytes ?? empty)
            }
        }
        .mapError { error in
            Unreadable(
                error: error,
                fields: (0..<count / 2).map { (text(flat[2 * $0]), text(flat[2 * $0 + 1])) })
        }
        return StreamRecord(id: text(id), entry: entry)
    }

    private static var empty: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: nil, count: 0) }

    /// Bytes that are not UTF-8 are replaced, not refused: the entry then fails to parse and is dead-lettered.
    private static func text(_ bytes: UnsafeRawBufferPointer) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// A field that is not a bulk string (Redis never sends one) reads as empty.
    private static func text(_ reply: RedisRawReply) -> String {
        text(reply.bytes ?? empty)
    }

    private static func unexpected(_ what: String, _ reply: RedisRawReply) -> RedisError {
        RedisError(code: .unexpectedReply, message: "\(what) answered \(String(describing: reply.reply).prefix(200))")
    }
}
