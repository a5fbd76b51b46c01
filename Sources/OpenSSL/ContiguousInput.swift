/// Runs `body` over the bytes of any byte collection, copying only when it is not already contiguous.
///
/// The public API takes `some Collection<UInt8>` so callers can pass `[UInt8]`, `Data`, slices or a
/// `String.UTF8View` without converting; OpenSSL wants one pointer and a length.
func withContiguousBytes<Bytes: Collection<UInt8>, Result>(
    _ bytes: Bytes,
    _ body: (UnsafeRawBufferPointer) throws -> Result
) rethrows -> Result {
    if let result = try bytes.withContiguousStorageIfAvailable({ try body(UnsafeRawBufferPointer($0)) }) {
        return result
    }
    return try Array(bytes).withUnsafeBytes(body)
}
