/// A signed 256-bit integer in two's complement (the EVM's `int256`), with overflow-checked arithmetic.
public struct Int256: Hashable, Sendable, Comparable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    /// The 256 bits, read as two's complement.
    public let twosComplement: UInt256

    /// Zero.
    public static let zero = Int256(twosComplement: .zero)
    /// 2^255 - 1.
    public static let max = Int256(twosComplement: UInt256.max >> 1)
    /// -2^255.
    public static let min = Int256(twosComplement: UInt256(1) << 255)

    /// Reinterprets 256 bits as two's complement.
    public init(twosComplement bits: UInt256) {
        twosComplement = bits
    }

    /// The value of a 64-bit integer (sign-extended).
    public init(_ value: Int64) {
        let extension64: UInt64 = value < 0 ? .max : 0
        twosComplement = UInt256(limbs: UInt64(bitPattern: value), extension64, extension64, extension64)
    }

    public init(integerLiteral value: Int64) {
        self.init(value)
    }

    /// Whether the value is below zero (the top bit is set).
    public var isNegative: Bool { twosComplement.limb3 >> 63 == 1 }

    /// The absolute value; 2^255 for `Int256.min`, which is why it is a `UInt256`.
    public var magnitude: UInt256 {
        isNegative ? (~twosComplement) &+ UInt256(1) : twosComplement
    }

    /// The value for a sign and a magnitude, or nil when it does not fit in 256 bits of two's complement.
    public init?(isNegative negative: Bool, magnitude: UInt256) {
        let limit = UInt256(1) << 255
        if negative {
            guard magnitude <= limit else { return nil }
            twosComplement = (~magnitude) &+ UInt256(1)
        } else {
            guard magnitude < limit else { return nil }
            twosComplement = magnitude
        }
    }

    /// Parses an optional `-` then decimal digits; nil when malformed or out of range.
    public init?(decimal text: some StringProtocol) {
        let negative = text.first == "-"
        guard let magnitude = UInt256(decimal: negative ? text.dropFirst() : text[...]) else { return nil }
        self.init(isNegative: negative, magnitude: magnitude)
    }

    /// Decimal, with `-` for negative values.
    public var description: String {
        isNegative ? "-" + magnitude.description : magnitude.description
    }

    /// The number of bits a two's complement `int<M>` needs to hold the value (1 for 0 and -1).
    public var significantBitCount: Int {
        // Leading copies of the sign bit are redundant; one sign bit stays.
        let bits = isNegative ? ~twosComplement : twosComplement
        return bits.significantBitCount + 1
    }

    public static func < (lhs: Int256, rhs: Int256) -> Bool {
        if lhs.isNegative != rhs.isNegative { return lhs.isNegative }
        return lhs.twosComplement < rhs.twosComplement
    }

    /// The sum and whether it left the signed range.
    public func addingReportingOverflow(_ other: Int256) -> (partialValue: Int256, overflow: Bool) {
        let sum = Int256(twosComplement: twosComplement &+ other.twosComplement)
        // Overflow exactly when both operands share a sign that the result does not.
        return (sum, isNegative == other.isNegative && sum.isNegative != isNegative)
    }

    /// The difference and whether it left the signed range.
    public func subtractingReportingOverflow(_ other: Int256) -> (partialValue: Int256, overflow: Bool) {
        let difference = Int256(twosComplement: twosComplement &- other.twosComplement)
        return (difference, isNegative != other.isNegative && difference.isNegative != isNegative)
    }

    /// The product and whether it left the signed range.
    public func multipliedReportingOverflow(by other: Int256) -> (partialValue: Int256, overflow: Bool) {
        let (product, overflow) = magnitude.multipliedReportingOverflow(by: other.magnitude)
        let negative = isNegative != other.isNegative && !product.isZero
        guard !overflow, let value = Int256(isNegative: negative, magnitude: product) else {
            return (Int256(twosComplement: twosComplement &* other.twosComplement), true)
        }
        return (value, false)
    }

    /// The negation and whether it overflowed (only for `Int256.min`).
    public func negatedReportingOverflow() -> (partialValue: Int256, overflow: Bool) {
        Int256.zero.subtractingReportingOverflow(self)
    }
}
