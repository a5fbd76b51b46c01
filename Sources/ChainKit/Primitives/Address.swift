/// A 20-byte account or contract address; parsed in any case, printed lowercase, EIP-55 on request.
public struct Address: Hashable, Sendable, Comparable, CustomStringConvertible, HexStringCodable {
    // Three big-endian words instead of an array: no allocation, and hashing/comparing is three integer ops,
    // which is what `FilterIndex` does for every log.
    @usableFromInline let high: UInt64  // bytes 0..<8
    @usableFromInline let middle: UInt64  // bytes 8..<16
    @usableFromInline let low: UInt32  // bytes 16..<20

    /// The size of an address in bytes.
    public static let byteCount = 20

    /// Parses `0x` and 40 hex digits in any case (the EIP-55 checksum is not enforced).
    public init(hex: some StringProtocol) throws(HexError) {
        self = try HexCore.withUTF8(hex) { buffer throws(HexError) in try Address(utf8Hex: buffer) }
    }

    /// Parses the UTF-8 bytes of `0x` and 40 hex digits: the non-generic entry point for text that is not a
    /// `String` (a Redis reply's bytes), with `init(hex:)`'s rules and errors.
    public init(utf8Hex text: UnsafeBufferPointer<UInt8>) throws(HexError) {
        try HexCore.expectFixed(text, bytes: Self.byteCount)
        high = try HexCore.word(text, at: 2, digits: 16)
        middle = try HexCore.word(text, at: 18, digits: 16)
        low = UInt32(try HexCore.word(text, at: 34, digits: 8))
    }

    /// Takes exactly 20 bytes; nil for any other count.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == Self.byteCount else { return nil }
        var words = (UInt64(0), UInt64(0), UInt64(0))
        for (offset, byte) in bytes.enumerated() {
            switch offset {
            case 0..<8: words.0 = words.0 << 8 | UInt64(byte)
            case 8..<16: words.1 = words.1 << 8 | UInt64(byte)
            default: words.2 = words.2 << 8 | UInt64(byte)
            }
        }
        high = words.0
        middle = words.1
        low = UInt32(truncatingIfNeeded: words.2)
    }

    /// The 20 bytes, most significant first.
    public var bytes: [UInt8] {
        var result = [UInt8]()
        result.reserveCapacity(Self.byteCount)
        for shift in stride(from: 56, through: 0, by: -8) { result.append(UInt8(truncatingIfNeeded: high >> shift)) }
        for shift in stride(from: 56, through: 0, by: -8) { result.append(UInt8(truncatingIfNeeded: middle >> shift)) }
        for shift in stride(from: 24, through: 0, by: -8) { result.append(UInt8(truncatingIfNeeded: low >> shift)) }
        return result
    }

    /// Lowercase `0x` hex, the form JSON-RPC and webhooks use.
    public var description: String {
        HexCore.encode(digits: 40, writeDigits)
    }

    /// Appends `description`'s bytes to `output` without making the `String`.
    public func appendHex(to output: inout [UInt8]) {
        HexCore.append(digits: 40, to: &output, writeDigits)
    }

    /// The 40 lowercase digits, from `output`.
    private func writeDigits(to output: UnsafeMutablePointer<UInt8>) {
        HexCore.write(high, bytes: 8, to: output)
        HexCore.write(middle, bytes: 8, to: output + 16)
        HexCore.write(UInt64(low), bytes: 4, to: output + 32)
    }

    /// The EIP-55 mixed-case checksum form.
    public var checksummed: String {
        let lower = Array(description.utf8.dropFirst(2))
        let digest = Keccak256.hash(lower).bytes
        var text = "0x"
        text.reserveCapacity(42)
        for (index, character) in lower.enumerated() {
            let nibble = index & 1 == 0 ? digest[index >> 1] >> 4 : digest[index >> 1] & 0x0F
            // Letters are upper-cased where the hash of the lowercase address has its high nibble bit set.
            let upper = character >= UInt8(ascii: "a") && nibble >= 8
            text.unicodeScalars.append(Unicode.Scalar(upper ? character - 0x20 : character))
        }
        return text
    }

    public static func < (lhs: Address, rhs: Address) -> Bool {
        (lhs.high, lhs.middle, lhs.low) < (rhs.high, rhs.middle, rhs.low)
    }
}
