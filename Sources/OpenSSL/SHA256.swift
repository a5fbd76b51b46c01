import COpenSSL

/// The SHA-256 digest (FIPS 180-4) through OpenSSL.
public enum SHA256 {
    /// The 32-byte SHA-256 digest of `data`.
    public static func hash(_ data: some Collection<UInt8>) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let produced = withContiguousBytes(data) { data in
            digest.withUnsafeMutableBufferPointer { output in
                EVP_Digest(data.baseAddress, data.count, output.baseAddress, &length, EVP_sha256(), nil) == 1
            }
        }
        // A built-in digest into caller-owned output fails only when memory is exhausted.
        precondition(produced, "EVP_Digest(SHA-256) failed")
        return Array(digest.prefix(Int(length)))
    }
}
