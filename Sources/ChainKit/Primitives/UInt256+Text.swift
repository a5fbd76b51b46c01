extension UInt256 {
    /// 10^19, the largest power of ten in a `UInt64`: text is converted 19 digits at a time.
    private static let decimalChunk: UInt64 = 10_000_000_000_000_000_000
    private static let decimalChunkDigits = 19

    /// Parses decimal digits only (no sign, no separators; leading zeros allowed); nil when empty or above 2^256 - 1.
    public init?(decimal text: some StringProtocol) {
        let digits = Array(text.utf8)
        guard !digits.isEmpty else { return nil }
        var value = UInt256.zero
        var start = 0
        while start < digits.count {
            let end = Swift.min(start + Self.decimalChunkDigits, digits.count)
            var chunk: UInt64 = 0
            var scale: UInt64 = 1
            for digit in digits[start..<end] {
                guard digit >= UInt8(ascii: "0") && digit <= UInt8(ascii: "9") else { return nil }
                chunk = chunk * 10 + UInt64(digit - UInt8(ascii: "0"))
                scale *= 10
            }
            let (shifted, overflowMultiply) = value.multipliedReportingOverflow(by: UInt256(scale))
            let (sum, overflowAdd) = shifted.addingReportingOverflow(UInt256(chunk))
            guard !overflowMultiply && !overflowAdd else { return nil }
            value = sum
            start = end
        }
        self = value
    }

    /// The value in decimal digits.
    var decimalString: String {
        if let small = exactUInt64 { return String(small) }
        var chunks: [UInt64] = []
        var rest = self
        while !rest.isZero {
            let (quotient, remainder) = rest.quotientAndRemainder(dividingBy: Self.decimalChunk)
            chunks.append(remainder)
            rest = quotient
        }
        var text = String(chunks.removeLast())
        for chunk in chunks.reversed() {
            let digits = String(chunk)
            text += String(repeating: "0", count: Self.decimalChunkDigits - digits.count) + digits
        }
        return text
    }

    /// Parses a JSON-RPC QUANTITY (`0x` and 1...64 significant hex digits; leading zeros allowed).
    public init?(hexQuantity text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count > 2, bytes[0] == UInt8(ascii: "0"), bytes[1] | 0x20 == UInt8(ascii: "x") else { return nil }
        var value = UInt256.zero
        for byte in bytes.dropFirst(2) {
            let digit = HexCore.nibble(byte)
            guard digit != 0xFF, value.limb3 >> 60 == 0 else { return nil }
            value = value << 4
            value.limb0 |= UInt64(digit)
        }
        self = value
    }

    /// The JSON-RPC QUANTITY form: `0x0`, otherwise no leading zeros.
    public var hexQuantity: String {
        let digits = Swift.max(1, (significantBitCount + 3) / 4)
        var text = "0x"
        text.reserveCapacity(digits + 2)
        for position in stride(from: digits - 1, through: 0, by: -1) {
            let nibble = UInt8(truncatingIfNeeded: self[limb: position >> 4] >> UInt64((position & 15) * 4)) & 0x0F
            text.unicodeScalars.append(Unicode.Scalar(HexCore.digit(nibble)))
        }
        return text
    }
}
