import CHiredis
import Foundation

/// Owns one hiredis `redisContext` (a blocking TCP connection) and is the only code that touches it.
///
/// Not thread-safe: `RedisConnection` keeps it on its own thread. Every hiredis failure becomes a `RedisError`
/// in `failure(_:command:)`. After any I/O or protocol error hiredis leaves the context unusable, so the owner
/// drops it and connects a new one.
final class RedisContext {
    private var handle: UnsafeMutablePointer<redisContext>?
    private let server: String
    /// The read/write timeout currently set on the socket, to skip redundant `setsockopt` calls.
    private var socketTimeout: Duration?

    /// Connects to `host:port` within `timeout`, with TCP keep-alive on and the socket timeout `commandTimeout`.
    init(host: String, port: Int, server: String, timeout: Duration, commandTimeout: Duration?) throws {
        self.server = server
        guard let handle = redisConnectWithTimeout(host, Int32(port), Self.timeval(timeout)) else {
            throw RedisError(code: .connectionFailed, message: "hiredis could not allocate a context", server: server)
        }
        self.handle = handle
        guard handle.pointee.err == 0 else {
            let error = failure(.connectionFailed)
            close()
            throw error
        }
        // Keep-alive notices a vanished peer even while a command blocks with no read timeout.
        guard redisEnableKeepAlive(handle) == REDIS_OK else {
            let error = failure(.connectionFailed)
            close()
            throw error
        }
        // Set unconditionally: whatever hiredis left on the socket after connecting is not ours to assume.
        try applySocketTimeout(commandTimeout)
    }

    deinit { close() }

    /// The socket, for `shutdown(2)` from another thread when a blocked command is cancelled.
    var fileDescriptor: Int32 { handle?.pointee.fd ?? -1 }

    /// Sets the read and write timeout of the socket; nil waits without limit.
    func setSocketTimeout(_ timeout: Duration?) throws {
        guard timeout != socketTimeout else { return }
        try applySocketTimeout(timeout)
    }

    private func applySocketTimeout(_ timeout: Duration?) throws {
        guard let handle else { return }
        // A zero `timeval` means "no timeout" for SO_RCVTIMEO/SO_SNDTIMEO.
        guard redisSetTimeout(handle, Self.timeval(timeout ?? .zero)) == REDIS_OK else {
            throw failure(.connectionLost)
        }
        socketTimeout = timeout
    }

    /// Queues one command in hiredis's output buffer; nothing is sent until `readReply()`.
    func append(_ arguments: [RedisArgument]) throws {
        guard let handle else { throw RedisError(code: .closed, message: "the context is closed", server: server) }
        let total = arguments.reduce(0) { $0 + $1.bytes.count }
        // One block for all argument bytes (at least one byte, so every pointer is valid even for "" arguments).
        let bytes = UnsafeMutableBufferPointer<CChar>.allocate(capacity: max(total, 1))
        let pointers = UnsafeMutableBufferPointer<UnsafePointer<CChar>?>.allocate(capacity: arguments.count)
        let lengths = UnsafeMutableBufferPointer<Int>.allocate(capacity: arguments.count)
        defer {
            bytes.deallocate()
            pointers.deallocate()
            lengths.deallocate()
        }
        var offset = 0
        for (index, argument) in arguments.enumerated() {
            let start = bytes.baseAddress! + offset
            argument.bytes.withUnsafeBytes { source in
                UnsafeMutableRawBufferPointer(start: start, count: source.count).copyMemory(from: source)
            }
            pointers[index] = UnsafePointer(start)
            lengths[index] = argument.bytes.count
            offset += argument.bytes.count
        }
        let status = redisAppendCommandArgv(
            handle, Int32(arguments.count), pointers.baseAddress, lengths.baseAddress)
        guard status == REDIS_OK else { throw failure(.connectionLost, command: arguments.first?.text) }
    }

    /// Sends what is buffered (on the first call) and blocks until the next reply arrives.
    func readReply() throws -> RedisReply {
        try readReply { $0.reply }
    }

    /// `readReply()`, handing the reply to `decode` in place before hiredis frees it.
    func readReply<T>(_ decode: (RedisRawReply) -> T) throws -> T {
        guard let handle else { throw RedisError(code: .closed, message: "the context is closed", server: server) }
        var raw: UnsafeMutableRawPointer?
        guard redisGetReply(handle, &raw) == REDIS_OK, let raw else {
            throw failure(.connectionLost)
        }
        defer { freeReplyObject(raw) }
        return decode(RedisRawReply(raw.assumingMemoryBound(to: redisReply.self)))
    }

    /// Frees the context and closes its socket. Idempotent.
    func close() {
        guard let handle else { return }
        self.handle = nil
        redisFree(handle)
    }

    /// The one place hiredis errors become `RedisError`: the context's `errstr` with the given code.
    private func failure(_ code: RedisError.Code, command: String? = nil) -> RedisError {
        var message = "unknown hiredis error"
        if let handle, handle.pointee.err != 0 {
            message = withUnsafeBytes(of: handle.pointee.errstr) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
        }
        return RedisError(code: code, message: message, command: command, server: server)
    }

    private static func timeval(_ duration: Duration) -> Foundation.timeval {
        let (seconds, attoseconds) = duration.components
        return Foundation.timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
    }
}
