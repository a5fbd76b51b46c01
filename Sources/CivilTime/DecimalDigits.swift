extension Array where Element == UInt8 {
    /// Appends `value` in decimal, zero-padded to at least `width` digits (a longer value keeps all of its digits;
    /// a negative one gets its sign first).
    public mutating func appendDigits(_ value: Int64, width: Int) {
        if value < 0 { append(UInt8(ascii: "-")) }
        let magnitude = value.magnitude
        var divisor: UInt64 = 1
        var digits = 1
        while digits < width || magnitude / divisor >= 10 {
            divisor *= 10
            digits += 1
        }
        while divisor > 0 {
            append(UInt8(ascii: "0") + UInt8(magnitude / divisor % 10))
            divisor /= 10
        }
    }
}
