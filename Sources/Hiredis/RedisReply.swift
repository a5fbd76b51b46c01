/// One RESP2 reply, as the server sent it.
///
/// A server error inside a pipeline or an `EXEC` result arrives as `.error`; `RedisConnection.send` throws it
/// instead.
public enum RedisReply: Sendable, Hashable {
    /// A simple string such as `OK` or `QUEUED`.
    case status(String)
    /// An error reply's text, e.g. `WRONGTYPE Operation against a key holding the wrong kind of value`.
    case error(String)
    /// An integer reply.
    case integer(Int64)
    /// A bulk string: bytes, binary-safe.
    case bulk([UInt8])
    /// A multi-bulk reply.
    case array([RedisReply])
    /// The null bulk string or null array (a missing key, a blocking command that timed out).
    case null
}

extension RedisReply {
    /// A bulk string decoded as UTF-8 (nil if it is not valid UTF-8), or a status text; nil for other replies.
    public var string: String? {
        switch self {
        case .bulk(let bytes): String(validating: bytes, as: UTF8.self)
        case .status(let text): text
        default: nil
        }
    }

    /// The bytes of a bulk string; nil for other replies.
    public var bytes: [UInt8]? {
        if case .bulk(let bytes) = self { bytes } else { nil }
    }

    /// An integer reply, or a bulk string holding a decimal integer (`HGET` of a counter); nil otherwise.
    public var int: Int64? {
        switch self {
        case .integer(let value): value
        case .bulk(let bytes): String(validating: bytes, as: UTF8.self).flatMap { Int64($0) }
        default: nil
        }
    }

    /// The elements of an array reply; nil for other replies (including `.null`).
    public var array: [RedisReply]? {
        if case .array(let elements) = self { elements } else { nil }
    }

    /// Whether this is the null reply.
    public var isNull: Bool { self == .null }

    /// The text of an error reply; nil for other replies.
    public var errorMessage: String? {
        if case .error(let text) = self { text } else { nil }
    }
}
