import CHiredis

/// A reply read in place from hiredis's reply objects, for `RedisConnection.send(_:decode:)`: a large reply (an
/// `XREADGROUP` of hundreds of entries) is decoded without first copying every element into a `RedisReply` tree.
///
/// Valid only inside the `decode` call it is given to: hiredis frees the reply when that call returns, so neither
/// the value nor a buffer from `bytes` may be kept.
public struct RedisRawReply {
    // Untyped so that hiredis's types stay out of this module's interface.
    private let pointer: UnsafeRawPointer

    init(_ reply: UnsafePointer<redisReply>) {
        pointer = UnsafeRawPointer(reply)
    }

    private var value: redisReply { pointer.assumingMemoryBound(to: redisReply.self).pointee }

    /// Whether this is the null reply.
    public var isNull: Bool { value.type == REDIS_REPLY_NIL }

    /// The element count of an array reply; nil for other replies.
    public var count: Int? { value.type == REDIS_REPLY_ARRAY ? value.elements : nil }

    /// The element at `index` of an array reply; `index` must be below `count`.
    public subscript(index: Int) -> RedisRawReply {
        let reply = value
        precondition(reply.type == REDIS_REPLY_ARRAY && index >= 0 && index < reply.elements, "no such element")
        return RedisRawReply(reply.element[index]!)
    }

    /// The bytes of a bulk string (empty when it is), in hiredis's buffer; nil for other replies.
    public var bytes: UnsafeRawBufferPointer? {
        let reply = value
        guard reply.type == REDIS_REPLY_STRING else { return nil }
        return UnsafeRawBufferPointer(start: reply.str, count: reply.str == nil ? 0 : reply.len)
    }

    /// The text of an error reply; nil for other replies.
    public var errorMessage: String? {
        let reply = value
        guard reply.type == REDIS_REPLY_ERROR else { return nil }
        return String(decoding: Self.bytes(reply.str, reply.len), as: UTF8.self)
    }

    /// The reply copied into a `RedisReply`, which outlives the call.
    public var reply: RedisReply {
        let reply = value
        switch reply.type {
        case REDIS_REPLY_STRING: return .bulk(Array(Self.bytes(reply.str, reply.len)))
        case REDIS_REPLY_INTEGER: return .integer(reply.integer)
        case REDIS_REPLY_STATUS: return .status(String(decoding: Self.bytes(reply.str, reply.len), as: UTF8.self))
        case REDIS_REPLY_ERROR: return .error(String(decoding: Self.bytes(reply.str, reply.len), as: UTF8.self))
        case REDIS_REPLY_ARRAY:
            guard reply.element != nil else { return .array([]) }
            return .array((0..<reply.elements).map { self[$0].reply })
        default: return .null
        }
    }

    private static func bytes(_ start: UnsafeMutablePointer<CChar>?, _ count: Int) -> UnsafeRawBufferPointer {
        guard let start, count > 0 else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: start, count: count)
    }
}
