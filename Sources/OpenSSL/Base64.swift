import COpenSSL

/// Base64 with the standard alphabet and padding (RFC 4648 §4).
public enum Base64 {
    /// The padded base64 text of `data`, without line breaks.
    public static func encode(_ data: some Collection<UInt8>) -> String {
        withContiguousBytes(data) { input in
            guard let source = input.baseAddress, input.count > 0 else { return "" }
            // EVP_EncodeBlock writes 4 characters per started 3-byte group plus a NUL terminator.
            let capacity = (input.count + 2) / 3 * 4 + 1
            return String(unsafeUninitializedCapacity: capacity) { output in
                let written = EVP_EncodeBlock(
                    output.baseAddress, source.assumingMemoryBound(to: UInt8.self), Int32(input.count))
                return Int(written)
            }
        }
    }

    /// The bytes `text` encodes; throws `CryptoError` naming what is wrong and at which offset.
    ///
    /// Strict, unlike OpenSSL's `EVP_DecodeBlock` (which skips whitespace, accepts unpadded input and
    /// cannot say where it failed): the length must be a multiple of 4, only the alphabet and trailing
    /// `=` are allowed, and the bits dropped by padding must be zero, so every input has one canonical text.
    public static func decode(_ text: String) throws(CryptoError) -> [UInt8] {
        let characters = Array(text.utf8)
        guard characters.count % 4 == 0 else {
            throw CryptoError(
                .base64Length, offset: characters.count,
                detail: "length \(characters.count) is not a multiple of 4")
        }
        let padding = try paddingCount(characters)
        var output: [UInt8] = []
        output.reserveCapacity(characters.count / 4 * 3)
        var group: UInt32 = 0
        for (offset, character) in characters.dropLast(padding).enumerated() {
            guard let value = sextet(character) else {
                throw CryptoError(.base64Character, offset: offset, detail: describe(character) + " is not base64")
            }
            group = group << 6 | UInt32(value)
            if offset % 4 == 3 {
                output += [UInt8(truncatingIfNeeded: group >> 16), UInt8(truncatingIfNeeded: group >> 8)]
                output.append(UInt8(truncatingIfNeeded: group))
                group = 0
            }
        }
        switch padding {
        case 1:  // 3 characters: 18 bits carry 16 bits of data; the low 2 bits must be zero.
            guard group & 0x3 == 0 else { throw padBits(at: characters.count - 2) }
            output += [UInt8(truncatingIfNeeded: group >> 10), UInt8(truncatingIfNeeded: group >> 2)]
        case 2:  // 2 characters: 12 bits carry 8 bits of data; the low 4 bits must be zero.
            guard group & 0xF == 0 else { throw padBits(at: characters.count - 3) }
            output.append(UInt8(truncatingIfNeeded: group >> 4))
        default:
            break
        }
        return output
    }

    /// How many `=` end the text (0–2); any other `=` is an error at its offset.
    private static func paddingCount(_ characters: [UInt8]) throws(CryptoError) -> Int {
        let equals = UInt8(ascii: "=")
        let trailing = characters.reversed().prefix { $0 == equals }.count
        guard trailing <= 2 else {
            throw CryptoError(
                .base64Padding, offset: characters.count - trailing,
                detail: "\(trailing) padding characters, at most 2 are allowed")
        }
        if let stray = characters.dropLast(trailing).firstIndex(of: equals) {
            throw CryptoError(.base64Padding, offset: stray, detail: "'=' before the end of the text")
        }
        return trailing
    }

    private static func padBits(at offset: Int) -> CryptoError {
        CryptoError(.base64PadBits, offset: offset, detail: "the bits dropped by padding are not zero")
    }

    /// The 6-bit value of one character of the standard alphabet, or nil.
    private static func sextet(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): character - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): character - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): 62
        case UInt8(ascii: "/"): 63
        default: nil
        }
    }

    private static func describe(_ character: UInt8) -> String {
        (0x21...0x7E).contains(character)
            ? "'\(Character(Unicode.Scalar(character)))'" : "byte 0x\(String(character, radix: 16, uppercase: true))"
    }
}
