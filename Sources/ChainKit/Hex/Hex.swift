/// Strict `0x` hex for byte strings and JSON-RPC QUANTITY values.
public enum Hex {
    /// Decodes `0x` followed by an even number of hex digits (either case); `0x` alone is no bytes.
    public static func decode(_ text: some StringProtocol) throws(HexError) -> [UInt8] {
        try HexCore.withUTF8(text) { buffer throws(HexError) in try HexCore.decodeBytes(buffer) }
    }

    /// Decodes the UTF-8 bytes of `0x` followed by an even number of hex digits: the byte-level entry point for
    /// text that is not a `String` (a Redis reply's bytes), with `decode(_:)`'s rules and errors.
    public static func decode(utf8Hex text: UnsafeBufferPointer<UInt8>) throws(HexError) -> [UInt8] {
        try HexCore.decodeBytes(text)
    }

    /// Appends `0x` and the lowercase digits of `bytes` to `output` (what `encode(_:)` returns, as bytes).
    public static func append(_ bytes: [UInt8], to output: inout [UInt8]) {
        bytes.withUnsafeBufferPointer { bytes in
            HexCore.append(digits: 2 * bytes.count, to: &output) { digits in HexCore.write(bytes, to: digits) }
        }
    }

    /// Encodes bytes as `0x` and lowercase digits.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        if let text = bytes.withContiguousStorageIfAvailable({ HexCore.encode($0) }) { return text }
        return Array(bytes).withUnsafeBufferPointer { HexCore.encode($0) }
    }

    /// Decodes a JSON-RPC QUANTITY (`0x1a`); leading zeros are accepted on input, `0x` alone is not.
    public static func decodeQuantity(_ text: some StringProtocol) throws(HexError) -> UInt64 {
        try HexCore.withUTF8(text) { buffer throws(HexError) in try HexCore.decodeQuantity(buffer) }
    }

    /// Encodes a JSON-RPC QUANTITY: `0x0` for zero, otherwise no leading zeros.
    public static func encodeQuantity(_ value: UInt64) -> String {
        guard value != 0 else { return "0x0" }
        let digits = (64 - value.leadingZeroBitCount + 3) / 4
        return String(unsafeUninitializedCapacity: digits + 2) { output in
            output[0] = UInt8(ascii: "0")
            output[1] = UInt8(ascii: "x")
            for position in 0..<digits {
                let shift = UInt64((digits - 1 - position) * 4)
                output[2 + position] = HexCore.digit(UInt8(truncatingIfNeeded: value >> shift) & 0x0F)
            }
            return digits + 2
        }
    }
}
