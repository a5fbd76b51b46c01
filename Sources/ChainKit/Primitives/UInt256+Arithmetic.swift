extension UInt256 {
    /// The sum and whether it wrapped past 2^256.
    public func addingReportingOverflow(_ other: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        let (s0, c0) = limb0.addingReportingOverflow(other.limb0)
        let (t1, c1a) = limb1.addingReportingOverflow(other.limb1)
        let (s1, c1b) = t1.addingReportingOverflow(c0 ? 1 : 0)
        let (t2, c2a) = limb2.addingReportingOverflow(other.limb2)
        let (s2, c2b) = t2.addingReportingOverflow(c1a || c1b ? 1 : 0)
        let (t3, c3a) = limb3.addingReportingOverflow(other.limb3)
        let (s3, c3b) = t3.addingReportingOverflow(c2a || c2b ? 1 : 0)
        return (UInt256(limbs: s0, s1, s2, s3), c3a || c3b)
    }

    /// The difference and whether it wrapped below zero.
    public func subtractingReportingOverflow(_ other: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        let (d0, b0) = limb0.subtractingReportingOverflow(other.limb0)
        let (t1, b1a) = limb1.subtractingReportingOverflow(other.limb1)
        let (d1, b1b) = t1.subtractingReportingOverflow(b0 ? 1 : 0)
        let (t2, b2a) = limb2.subtractingReportingOverflow(other.limb2)
        let (d2, b2b) = t2.subtractingReportingOverflow(b1a || b1b ? 1 : 0)
        let (t3, b3a) = limb3.subtractingReportingOverflow(other.limb3)
        let (d3, b3b) = t3.subtractingReportingOverflow(b2a || b2b ? 1 : 0)
        return (UInt256(limbs: d0, d1, d2, d3), b3a || b3b)
    }

    /// The product modulo 2^256 and whether the true product was larger.
    public func multipliedReportingOverflow(by other: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        var result = UInt256.zero
        var overflow = false
        for i in 0..<4 where self[limb: i] != 0 {
            var carry: UInt64 = 0
            for j in 0..<4 {
                let (high, low) = self[limb: i].multipliedFullWidth(by: other[limb: j])
                guard i + j < 4 else {
                    if high != 0 || low != 0 || carry != 0 { overflow = true }
                    carry = 0
                    continue
                }
                let (sum, c1) = result[limb: i + j].addingReportingOverflow(low)
                let (sum2, c2) = sum.addingReportingOverflow(carry)
                result[limb: i + j] = sum2
                // a·b + r + c ≤ (2^64-1)^2 + 2·(2^64-1) = 2^128 - 1, so the high word cannot wrap.
                carry = high &+ (c1 ? 1 : 0) &+ (c2 ? 1 : 0)
            }
            if carry != 0 { overflow = true }
        }
        return (result, overflow)
    }

    /// Quotient and remainder; traps when dividing by zero, like the standard integer types.
    public func quotientAndRemainder(dividingBy divisor: UInt256) -> (quotient: UInt256, remainder: UInt256) {
        precondition(!divisor.isZero, "UInt256 division by zero")
        if let small = divisor.exactUInt64 {
            let (quotient, remainder) = quotientAndRemainder(dividingBy: small)
            return (quotient, UInt256(remainder))
        }
        if self < divisor { return (.zero, self) }
        // Shift-subtract long division: the divisor has ≥ 65 bits, so the quotient has at most 192 bits.
        var quotient = UInt256.zero
        var remainder = UInt256.zero
        for bit in stride(from: 255 - leadingZeroBitCount, through: 0, by: -1) {
            remainder = remainder << 1
            if self.bit(bit) { remainder.limb0 |= 1 }
            if remainder >= divisor {
                remainder = remainder.subtractingReportingOverflow(divisor).partialValue
                quotient[limb: bit >> 6] |= 1 << UInt64(bit & 63)
            }
        }
        return (quotient, remainder)
    }

    /// Quotient and remainder by a 64-bit divisor (the fast path decimal formatting uses).
    public func quotientAndRemainder(dividingBy divisor: UInt64) -> (quotient: UInt256, remainder: UInt64) {
        precondition(divisor != 0, "UInt256 division by zero")
        var quotient = UInt256.zero
        var remainder: UInt64 = 0
        for index in stride(from: 3, through: 0, by: -1) {
            let (q, r) = divisor.dividingFullWidth((remainder, self[limb: index]))
            quotient[limb: index] = q
            remainder = r
        }
        return (quotient, remainder)
    }

    /// Whether bit `index` (0 = least significant) is set.
    public func bit(_ index: Int) -> Bool {
        self[limb: index >> 6] >> UInt64(index & 63) & 1 == 1
    }

    /// The sum; traps on overflow.
    public static func + (lhs: UInt256, rhs: UInt256) -> UInt256 {
        let (value, overflow) = lhs.addingReportingOverflow(rhs)
        precondition(!overflow, "UInt256 addition overflow")
        return value
    }

    /// The difference; traps on overflow.
    public static func - (lhs: UInt256, rhs: UInt256) -> UInt256 {
        let (value, overflow) = lhs.subtractingReportingOverflow(rhs)
        precondition(!overflow, "UInt256 subtraction overflow")
        return value
    }

    /// The product; traps on overflow.
    public static func * (lhs: UInt256, rhs: UInt256) -> UInt256 {
        let (value, overflow) = lhs.multipliedReportingOverflow(by: rhs)
        precondition(!overflow, "UInt256 multiplication overflow")
        return value
    }

    /// The sum modulo 2^256.
    public static func &+ (lhs: UInt256, rhs: UInt256) -> UInt256 { lhs.addingReportingOverflow(rhs).partialValue }

    /// The difference modulo 2^256.
    public static func &- (lhs: UInt256, rhs: UInt256) -> UInt256 {
        lhs.subtractingReportingOverflow(rhs).partialValue
    }

    /// The product modulo 2^256.
    public static func &* (lhs: UInt256, rhs: UInt256) -> UInt256 {
        lhs.multipliedReportingOverflow(by: rhs).partialValue
    }

    /// The quotient; traps when dividing by zero.
    public static func / (lhs: UInt256, rhs: UInt256) -> UInt256 { lhs.quotientAndRemainder(dividingBy: rhs).quotient }

    /// The remainder; traps when dividing by zero.
    public static func % (lhs: UInt256, rhs: UInt256) -> UInt256 {
        lhs.quotientAndRemainder(dividingBy: rhs).remainder
    }

    /// Shifts left, dropping bits past 256; shifts of 256 or more give zero.
    public static func << (lhs: UInt256, rhs: Int) -> UInt256 {
        precondition(rhs >= 0, "negative shift")
        guard rhs < 256 else { return .zero }
        var result = UInt256.zero
        let whole = rhs >> 6
        let part = UInt64(rhs & 63)
        for index in stride(from: 3, through: whole, by: -1) {
            var limb = lhs[limb: index - whole] << part
            if part != 0 && index - whole > 0 { limb |= lhs[limb: index - whole - 1] >> (64 - part) }
            result[limb: index] = limb
        }
        return result
    }

    /// Shifts right (logical); shifts of 256 or more give zero.
    public static func >> (lhs: UInt256, rhs: Int) -> UInt256 {
        precondition(rhs >= 0, "negative shift")
        guard rhs < 256 else { return .zero }
        var result = UInt256.zero
        let whole = rhs >> 6
        let part = UInt64(rhs & 63)
        for index in 0..<(4 - whole) {
            var limb = lhs[limb: index + whole] >> part
            if part != 0 && index + whole < 3 { limb |= lhs[limb: index + whole + 1] << (64 - part) }
            result[limb: index] = limb
        }
        return result
    }

    /// Bitwise and.
    public static func & (lhs: UInt256, rhs: UInt256) -> UInt256 {
        UInt256(limbs: lhs.limb0 & rhs.limb0, lhs.limb1 & rhs.limb1, lhs.limb2 & rhs.limb2, lhs.limb3 & rhs.limb3)
    }

    /// Bitwise or.
    public static func | (lhs: UInt256, rhs: UInt256) -> UInt256 {
        UInt256(limbs: lhs.limb0 | rhs.limb0, lhs.limb1 | rhs.limb1, lhs.limb2 | rhs.limb2, lhs.limb3 | rhs.limb3)
    }

    /// Bitwise exclusive or.
    public static func ^ (lhs: UInt256, rhs: UInt256) -> UInt256 {
        UInt256(limbs: lhs.limb0 ^ rhs.limb0, lhs.limb1 ^ rhs.limb1, lhs.limb2 ^ rhs.limb2, lhs.limb3 ^ rhs.limb3)
    }

    /// Bitwise not.
    public static prefix func ~ (value: UInt256) -> UInt256 {
        UInt256(limbs: ~value.limb0, ~value.limb1, ~value.limb2, ~value.limb3)
    }
}
