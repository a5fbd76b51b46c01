/// A 32-byte value: block and transaction hashes, log topics, Keccak-256 digests.
public struct Hash32: Hashable, Sendable, Comparable, CustomStringConvertible, HexStringCodable {
    // Four big-endian words: no allocation, so a one-shot Keccak of a small input never touches the heap.
    @usableFromInline let word0: UInt64
    @usableFromInline let word1: UInt64
    @usableFromInline let word2: UInt64
    @usableFromInline let word3: UInt64

    /// The size of a hash in bytes.
    public static let byteCount = 32

    /// All zero bytes.
    public static let zero = Hash32(words: 0, 0, 0, 0)

    /// The hash whose bytes are the four words, most significant first.
    @inlinable
    init(words word0: UInt64, _ word1: UInt64, _ word2: UInt64, _ word3: UInt64) {
        self.word0 = word0
        self.word1 = word1
        self.word2 = word2
        self.word3 = word3
    }

    /// Parses `0x` and 64 hex digits in any case.
    public init(hex: some StringProtocol) throws(HexError) {
        self = try HexCore.withUTF8(hex) { buffer throws(HexError) in try Hash32(utf8Hex: buffer) }
    }

    /// Parses the UTF-8 bytes of `0x` and 64 hex digits: the non-generic entry point for text that is not a
    /// `String` (a Redis reply's bytes), with `init(hex:)`'s rules and errors.
    public init(utf8Hex text: UnsafeBufferPointer<UInt8>) throws(HexError) {
        try HexCore.expectFixed(text, bytes: Self.byteCount)
        self.init(
            words: try HexCore.word(text, at: 2, digits: 16),
            try HexCore.word(text, at: 18, digits: 16),
            try HexCore.word(text, at: 34, digits: 16),
            try HexCore.word(text, at: 50, digits: 16)
        )
    }

    /// Takes exactly 32 bytes; nil for any other count.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == Self.byteCount else { return nil }
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        for (offset, byte) in bytes.enumerated() {
            switch offset >> 3 {
            case 0: words.0 = words.0 << 8 | UInt64(byte)
            case 1: words.1 = words.1 << 8 | UInt64(byte)
            case 2: words.2 = words.2 << 8 | UInt64(byte)
            default: words.3 = words.3 << 8 | UInt64(byte)
            }
        }
        self.init(words: words.0, words.1, words.2, words.3)
    }

    /// The 32 bytes, most significant first.
    public var bytes: [UInt8] {
        var result = [UInt8]()
        result.reserveCapacity(Self.byteCount)
        for shift in stride(from: 56, through: 0, by: -8) { result.append(UInt8(truncatingIfNeeded: word0 >> shift)) }
        for shift in stride(from: 56, through: 0, by: -8) { result.append(UInt8(truncatingIfNeeded: word1 >> shift)) }
        for shift in stride(from: 56, through: 0, by: -8) { result.append(UInt8(truncatingIfNeeded: word2 >> shift)) }
        for shift in stride(from: 56, through: 0, by: -8) { result.append(UInt8(truncatingIfNeeded: word3 >> shift)) }
        return result
    }

    /// Lowercase `0x` hex.
    public var description: String {
        HexCore.encode(digits: 64, writeDigits)
    }

    /// Appends `description`'s bytes to `output` without making the `String`.
    public func appendHex(to output: inout [UInt8]) {
        HexCore.append(digits: 64, to: &output, writeDigits)
    }

    /// The 64 lowercase digits, from `output`.
    private func writeDigits(to output: UnsafeMutablePointer<UInt8>) {
        HexCore.write(word0, bytes: 8, to: output)
        HexCore.write(word1, bytes: 8, to: output + 16)
        HexCore.write(word2, bytes: 8, to: output + 32)
        HexCore.write(word3, bytes: 8, to: output + 48)
    }

    public static func < (lhs: Hash32, rhs: Hash32) -> Bool {
        (lhs.word0, lhs.word1, lhs.word2, lhs.word3) < (rhs.word0, rhs.word1, rhs.word2, rhs.word3)
    }
}
