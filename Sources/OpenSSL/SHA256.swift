import COpenSSL

/// The SHA-256 digest (FIPS 180-4) through OpenSSL.
public enum SHA256 {
    /// The 32-byte SHA-256 digest of `data`.
    public static func hash(_ data: some Collection<UInt8>) -> [UInt8] {
        MessageDigest.digest(data, algorithm: EVP_sha256(), name: "SHA-256")
    }
}
