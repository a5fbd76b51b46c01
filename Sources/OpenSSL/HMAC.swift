import COpenSSL

/// Keyed message authentication (RFC 2104) through OpenSSL.
public enum HMAC {
    /// HMAC-SHA256 of `message` under `key`: 32 bytes.
    public static func sha256(key: some Collection<UInt8>, message: some Collection<UInt8>) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let produced = withContiguousBytes(key) { key in
            withContiguousBytes(message) { message in
                digest.withUnsafeMutableBufferPointer { output in
                    // OpenSSL treats a NULL key as "reuse the previous key"; an empty key needs a valid pointer.
                    withUnsafePointer(to: UInt8(0)) { empty in
                        COpenSSL.HMAC(
                            EVP_sha256(), key.baseAddress ?? UnsafeRawPointer(empty), Int32(key.count),
                            message.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? empty, message.count,
                            output.baseAddress, &length) != nil
                    }
                }
            }
        }
        // With a built-in digest and caller-owned output, HMAC() fails only when memory is exhausted.
        precondition(produced, "HMAC(SHA-256) failed")
        return Array(digest.prefix(Int(length)))
    }
}
