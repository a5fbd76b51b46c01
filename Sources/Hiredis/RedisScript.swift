import OpenSSL

/// A Lua script run with `EVALSHA`, falling back to `EVAL` when the server does not have it cached.
///
/// Create scripts once (e.g. as static constants) and run them with `RedisConnection.evaluate(_:keys:arguments:)`.
public struct RedisScript: Sendable, Hashable {
    /// The Lua source.
    public let source: String
    /// The SHA-1 of `source` in lowercase hex, the name Redis caches the script under.
    public let sha1: String

    /// Wraps `source` and computes its digest.
    public init(_ source: String) {
        self.source = source
        sha1 = SHA1.hash(Array(source.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
