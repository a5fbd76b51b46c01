import Hiredis
import Pipeline

/// An entry as `XREADGROUP` or `XAUTOCLAIM` returns it: its id and its field/value pairs, nil when the entry was
/// deleted from the stream while still pending, and what they parse to.
struct StreamRecord: Sendable {
    let id: String
    let fields: [(String, String)]?
    /// The parsed entry or why it does not parse; nil with `fields`. Parsed with the reply, on the connection's
    /// thread (`RedisConnection.readRecords`), while the batch before is being built on the pool's.
    let entry: Result<StreamEntry, StreamEntryError>?

    init(id: String, fields: [(String, String)]?) {
        self.id = id
        self.fields = fields
        entry = fields.map { fields in Result { () throws(StreamEntryError) in try StreamEntry(fields: fields) } }
    }

    /// The entries of an `XREADGROUP … STREAMS key id` reply (one stream); nil (a timeout) is no entries.
    static func fromReadGroup(_ reply: RedisReply) throws -> [StreamRecord] {
        if reply.isNull { return [] }
        guard let streams = reply.array, let stream = streams.first?.array, stream.count == 2,
            let entries = stream[1].array
        else { throw unexpected("XREADGROUP", reply) }
        return try entries.map(record)
    }

    /// The cursor and entries of an `XAUTOCLAIM` reply.
    static func fromAutoClaim(_ reply: RedisReply) throws -> (cursor: String, records: [StreamRecord]) {
        guard let parts = reply.array, parts.count >= 2, let cursor = parts[0].string, let entries = parts[1].array
        else { throw unexpected("XAUTOCLAIM", reply) }
        // Redis 7 leaves deleted entries out of the list (and reports their ids in a third element).
        return (cursor, try entries.filter { !$0.isNull }.map(record))
    }

    private static func record(_ reply: RedisReply) throws -> StreamRecord {
        guard let pair = reply.array, pair.count == 2, let id = pair[0].string else {
            throw unexpected("stream entry", reply)
        }
        guard let flat = pair[1].array else { return StreamRecord(id: id, fields: nil) }
        var fields: [(String, String)] = []
        fields.reserveCapacity(flat.count / 2)
        var index = 0
        while index + 1 < flat.count {
            fields.append((text(flat[index]), text(flat[index + 1])))
            index += 2
        }
        return StreamRecord(id: id, fields: fields)
    }

    /// Bytes that are not UTF-8 are replaced, not refused: the entry then fails to parse and is dead-lettered.
    private static func text(_ reply: RedisReply) -> String {
        if let bytes = reply.bytes { return String(decoding: bytes, as: UTF8.self) }
        return reply.string ?? ""
    }

    private static func unexpected(_ what: String, _ reply: RedisReply) -> RedisError {
        RedisError(code: .unexpectedReply, message: "\(what) answered \(String(describing: reply).prefix(200))")
    }
}
