import COpenSSL

/// One-shot `EVP_Digest` with a built-in algorithm, shared by the digest types.
enum MessageDigest {
    static func digest(_ data: some Collection<UInt8>, algorithm: OpaquePointer?, name: StaticString) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let produced = withContiguousBytes(data) { data in
            digest.withUnsafeMutableBufferPointer { output in
                EVP_Digest(data.baseAddress, data.count, output.baseAddress, &length, algorithm, nil) == 1
            }
        }
        // A built-in digest into caller-owned output fails only when memory is exhausted.
        precondition(produced, "EVP_Digest(\(name)) failed")
        return Array(digest.prefix(Int(length)))
    }
}
