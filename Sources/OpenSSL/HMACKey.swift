import COpenSSL
import Threading

/// An HMAC-SHA256 key prepared once, for signing many messages with the same key (a webhook endpoint's secret).
///
/// `HMAC.sha256` pays, on every call, OpenSSL 3's lookup of the algorithm by name and the hashing of the key's two
/// pads: about twice the cost of authenticating a 1 KiB message. Here both happen once. Each message takes a keyed
/// context from a small pool (one per thread signing at the same time) and resets it to the hashed pads
/// (`EVP_MAC_init` without a key). Duplicating the template for every message instead allocated and freed three
/// digest contexts each time: a fifth of the cost of signing a webhook (perf, Delivery under load).
public final class HMACKey: @unchecked Sendable {
    // `@unchecked`: `template` is written in `init` only; afterwards it is only read (duplicated) and freed in deinit.
    private let template: OpaquePointer
    /// A pthread mutex (`Guarded`), not `Synchronization.Mutex`: ThreadSanitizer cannot see the latter's futex
    /// waits and reported the pool's array as raced whenever two threads signed at once.
    private let idle = Guarded<[IdleContext]>([])

    /// A keyed context nobody uses, waiting in `idle` (`@unchecked`: only the call that takes it out touches it).
    private struct IdleContext: @unchecked Sendable {
        let pointer: OpaquePointer
    }

    /// The MAC implementation, fetched once for the process (fetching is what makes the one-shot call slow).
    /// `nonisolated(unsafe)`: a fetched `EVP_MAC` is immutable and OpenSSL lets any thread use it.
    nonisolated(unsafe) private static let algorithm: OpaquePointer? = EVP_MAC_fetch(nil, "HMAC", nil)

    /// Prepares `key` for HMAC-SHA256.
    public init(sha256 key: some Collection<UInt8>) {
        let context = Self.algorithm.flatMap { EVP_MAC_CTX_new($0) }
        let initialised =
            context.map { context in
                // An OSSL_PARAM keeps the pointers it is given, its name's too: both strings must outlive
                // `EVP_MAC_init`, not only the call that builds the parameter (a literal passed there is a temporary).
                withCStrings("digest", "SHA256") { name, digest in
                    var parameters = [
                        OSSL_PARAM_construct_utf8_string(name, UnsafeMutablePointer(mutating: digest), 0),
                        OSSL_PARAM_construct_end(),
                    ]
                    return withContiguousBytes(key) { key in
                        // OpenSSL treats a NULL key as "reuse the previous key"; an empty key needs a valid pointer.
                        withUnsafePointer(to: UInt8(0)) { empty in
                            EVP_MAC_init(
                                context, key.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? empty, key.count,
                                &parameters) == 1
                        }
                    }
                }
            } ?? false
        // With the built-in provider, these fail only when memory is exhausted (as `HMAC.sha256` assumes too).
        precondition(initialised, "HMAC(SHA-256) key setup failed")
        template = context!
    }

    deinit {
        EVP_MAC_CTX_free(template)
        idle.withLock { contexts in for context in contexts { EVP_MAC_CTX_free(context.pointer) } }
    }

    /// HMAC-SHA256 of `message` under this key: 32 bytes, the same as `HMAC.sha256(key:message:)`.
    public func authenticationCode(for message: some Collection<UInt8>) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length = 0
        let context = idle.withLock { $0.popLast()?.pointer } ?? EVP_MAC_CTX_dup(template)
        // Without a key, `EVP_MAC_init` starts the next message from the hashed pads the context keeps.
        let produced =
            context != nil && EVP_MAC_init(context, nil, 0, nil) == 1
            && withContiguousBytes(message) { message in
                digest.withUnsafeMutableBufferPointer { output in
                    EVP_MAC_update(context, message.baseAddress?.assumingMemoryBound(to: UInt8.self), message.count)
                        == 1 && EVP_MAC_final(context, output.baseAddress, &length, output.count) == 1
                }
            }
        precondition(produced, "HMAC(SHA-256) failed")
        idle.withLock { $0.append(IdleContext(pointer: context!)) }
        return Array(digest.prefix(length))
    }
}

/// `body` with C strings of `first` and `second`, both valid until it returns.
private func withCStrings<Result>(
    _ first: String, _ second: String, _ body: (UnsafePointer<CChar>, UnsafePointer<CChar>) -> Result
) -> Result {
    first.withCString { first in second.withCString { second in body(first, second) } }
}
