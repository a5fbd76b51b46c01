/// Hex over raw UTF-8 bytes: what `Hex` and the JSON fast paths share, so decoding never builds a `String`.
enum HexCore {
    /// 0...15 for a hex digit (either case), 0xFF otherwise.
    @inline(__always)
    static func nibble(_ c: UInt8) -> UInt8 {
        switch c {
        case 0x30...0x39: c &- 0x30
        case 0x61...0x66: c &- 0x57
        case 0x41...0x46: c &- 0x37
        default: 0xFF
        }
    }

    /// Whether the text begins with `0x` (or `0X`, which geth's hexutil also accepts).
    @inline(__always)
    static func hasPrefix(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        text.count >= 2 && text[0] == UInt8(ascii: "0") && (text[1] | 0x20) == UInt8(ascii: "x")
    }

    /// The error for the non-digit byte at `index`, naming the whole character found there.
    static func invalidCharacter(_ text: UnsafeBufferPointer<UInt8>, at index: Int) -> HexError {
        // Everything before `index` was ASCII, so the byte offset is also the character offset.
        var iterator = text[index...].makeIterator()
        var decoder = UTF8()
        let character: Character =
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): Character(scalar)
            case .emptyInput, .error: "\u{FFFD}"
            }
        return .invalidCharacter(character, index: index)
    }

    /// Checks the prefix and even length; returns the number of bytes the digits encode.
    @inline(__always)
    static func byteCount(_ text: UnsafeBufferPointer<UInt8>) throws(HexError) -> Int {
        guard hasPrefix(text) else { throw .missingPrefix }
        let digits = text.count - 2
        guard digits & 1 == 0 else {
            // A non-ASCII character can make the byte count odd: name it rather than the length.
            try checkDigits(text)
            throw .oddLength(digits: digits)
        }
        return digits >> 1
    }

    /// Throws for the first character after `0x` that is not a hex digit.
    static func checkDigits(_ text: UnsafeBufferPointer<UInt8>) throws(HexError) {
        for position in 2..<text.count where nibble(text[position]) == 0xFF {
            throw invalidCharacter(text, at: position)
        }
    }

    /// Decodes `0x…` into `output`, which must hold exactly `byteCount(text)` bytes.
    static func decode(_ text: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>)
        throws(HexError)
    {
        guard let source = text.baseAddress, let target = output.baseAddress else { return }
        var offset = 0
        while offset + 8 <= output.count {
            guard let word = HexSWAR.sixteenDigits(source + 2 + 2 * offset) else { break }
            UnsafeMutableRawPointer(target).storeBytes(of: word.bigEndian, toByteOffset: offset, as: UInt64.self)
            offset += 8
        }
        // The tail, and the chunk with a bad digit, which this loop then reports exactly.
        var index = 2 + 2 * offset
        while offset < output.count {
            let high = nibble(text[index])
            let low = nibble(text[index + 1])
            if (high | low) & 0xF0 != 0 {
                throw invalidCharacter(text, at: high == 0xFF ? index : index + 1)
            }
            output[offset] = high << 4 | low
            index += 2
            offset += 1
        }
    }

    /// Decodes strict hex (`0x`, even length) into a new array.
    static func decodeBytes(_ text: UnsafeBufferPointer<UInt8>) throws(HexError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: try byteCount(text))
        try bytes.withUnsafeMutableBufferPointer { buffer throws(HexError) in try decode(text, into: buffer) }
        return bytes
    }

    /// Reads `digits` (at most 16) hex digits starting at `index` as a big-endian word.
    @inline(__always)
    static func word(_ text: UnsafeBufferPointer<UInt8>, at index: Int, digits: Int) throws(HexError) -> UInt64 {
        if let start = text.baseAddress?.advanced(by: index) {
            switch digits {
            case 16: if let value = HexSWAR.sixteenDigits(start) { return value }
            case 8: if let value = HexSWAR.eightDigits(start) { return value }
            default: break
            }
        }
        var value: UInt64 = 0
        for position in index..<(index + digits) {
            let digit = nibble(text[position])
            guard digit != 0xFF else { throw invalidCharacter(text, at: position) }
            value = value << 4 | UInt64(digit)
        }
        return value
    }

    /// Checks that the text is `0x` followed by exactly `bytes` bytes of hex.
    @inline(__always)
    static func expectFixed(_ text: UnsafeBufferPointer<UInt8>, bytes: Int) throws(HexError) {
        let count = try byteCount(text)
        guard count == bytes else { throw .wrongLength(expectedBytes: bytes, actualBytes: count) }
    }

    /// Decodes a JSON-RPC QUANTITY that fits in 64 bits; leading zeros are accepted.
    static func decodeQuantity(_ text: UnsafeBufferPointer<UInt8>) throws(HexError) -> UInt64 {
        guard hasPrefix(text) else { throw .missingPrefix }
        guard text.count > 2 else { throw .emptyQuantity }
        var start = 2
        while start < text.count - 1 && text[start] == UInt8(ascii: "0") { start += 1 }
        let digits = text.count - start
        guard digits <= 16 else {
            // Report a bad character before "too large": it is the more useful message.
            try checkDigits(text)
            throw .quantityTooLarge(maximumBits: 64)
        }
        return try word(text, at: start, digits: digits)
    }

    /// Runs `body` over the UTF-8 bytes of `text`, copying only when they are not contiguous.
    @inline(__always)
    static func withUTF8<T>(
        _ text: some StringProtocol,
        _ body: (UnsafeBufferPointer<UInt8>) throws(HexError) -> T
    ) throws(HexError) -> T {
        let result: Result<T, HexError>? = text.utf8.withContiguousStorageIfAvailable { buffer in
            Result { () throws(HexError) -> T in try body(buffer) }
        }
        if let result { return try result.get() }
        return try Array(text.utf8).withUnsafeBufferPointer { buffer in
            Result { () throws(HexError) -> T in try body(buffer) }
        }.get()
    }

    /// Writes `0x` and two lowercase digits per byte.
    static func encode(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        encode(digits: 2 * bytes.count) { output in write(bytes, to: output) }
    }

    /// Writes the hex digits of the low `bytes` bytes of `word`, most significant first, from `output`: how the
    /// fixed-size types print without building a byte array first.
    @inline(__always)
    static func write(_ word: UInt64, bytes: Int, to output: UnsafeMutablePointer<UInt8>) {
        var shift = UInt64(8 * (bytes - 1))
        var next = output
        for _ in 0..<bytes {
            let byte = UInt8(truncatingIfNeeded: word >> shift)
            next[0] = digit(byte >> 4)
            next[1] = digit(byte & 0x0F)
            next += 2
            shift &-= 8
        }
    }

    /// `0x` and `count` hex digits written by `body` from the pointer it is given.
    @inline(__always)
    static func encode(digits count: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Void) -> String {
        String(unsafeUninitializedCapacity: 2 + count) { output in
            guard let base = output.baseAddress else { return 0 }
            base[0] = UInt8(ascii: "0")
            base[1] = UInt8(ascii: "x")
            body(base + 2)
            return 2 + count
        }
    }

    /// Appends `0x` and `count` hex digits written by `body` to `output`: the digits go through a stack buffer, so
    /// a value written into a larger text (a webhook body) costs no `String` of its own.
    @inline(__always)
    static func append(digits count: Int, to output: inout [UInt8], _ body: (UnsafeMutablePointer<UInt8>) -> Void) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 + count) { buffer in
            guard let base = buffer.baseAddress else { return }
            base[0] = UInt8(ascii: "0")
            base[1] = UInt8(ascii: "x")
            body(base + 2)
            output.append(contentsOf: UnsafeBufferPointer(buffer))
        }
    }

    /// Writes two lowercase digits per byte of `bytes` from `output`.
    @inline(__always)
    static func write(_ bytes: UnsafeBufferPointer<UInt8>, to output: UnsafeMutablePointer<UInt8>) {
        var next = output
        for byte in bytes {
            next[0] = digit(byte >> 4)
            next[1] = digit(byte & 0x0F)
            next += 2
        }
    }

    /// The lowercase ASCII digit for a value 0...15.
    @inline(__always)
    static func digit(_ value: UInt8) -> UInt8 {
        value < 10 ? value &+ 0x30 : value &+ 0x57
    }
}
