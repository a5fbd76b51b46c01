import COpenSSL

/// Comparisons whose running time does not depend on where the inputs differ (for MACs and tokens).
public enum ConstantTime {
    /// Whether `a` and `b` hold the same bytes, compared with `CRYPTO_memcmp`.
    ///
    /// Inputs of different lengths are unequal; the length is not treated as secret, but the content of `b` still
    /// never decides how long the call takes: `a` is compared with itself so the work matches an equal-length call.
    public static func equals(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        withContiguousBytes(a) { a in
            withContiguousBytes(b) { b in
                let sameLength = a.count == b.count
                let other = sameLength ? b : a
                guard let left = a.baseAddress, let right = other.baseAddress else { return sameLength }
                let differs = CRYPTO_memcmp(left, right, a.count)
                return sameLength && differs == 0
            }
        }
    }
}
