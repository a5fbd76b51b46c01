import COpenSSL

/// The SHA-1 digest through OpenSSL: only for names that protocols define with it (Redis script digests), never
/// for security.
public enum SHA1 {
    /// The 20-byte SHA-1 digest of `data`.
    public static func hash(_ data: some Collection<UInt8>) -> [UInt8] {
        MessageDigest.digest(data, algorithm: EVP_sha1(), name: "SHA-1")
    }
}
