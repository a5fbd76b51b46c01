/// An unsigned 256-bit integer (the EVM word), with overflow-checked arithmetic.
public struct UInt256: Hashable, Sendable, Comparable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    // Little-endian limbs: `limb0` is the least significant 64 bits.
    @usableFromInline var limb0: UInt64
    @usableFromInline var limb1: UInt64
    @usableFromInline var limb2: UInt64
    @usableFromInline var limb3: UInt64

    /// Zero.
    public static let zero = UInt256(limbs: 0, 0, 0, 0)
    /// 2^256 - 1.
    public static let max = UInt256(limbs: .max, .max, .max, .max)
    /// The number of bits.
    public static let bitWidth = 256

    /// The value whose limbs are these, least significant first.
    @inlinable
    init(limbs limb0: UInt64, _ limb1: UInt64, _ limb2: UInt64, _ limb3: UInt64) {
        self.limb0 = limb0
        self.limb1 = limb1
        self.limb2 = limb2
        self.limb3 = limb3
    }

    /// The value of a 64-bit integer.
    public init(_ value: UInt64) {
        self.init(limbs: value, 0, 0, 0)
    }

    public init(integerLiteral value: UInt64) {
        self.init(value)
    }

    /// Reads at most 32 bytes, most significant first (fewer bytes are zero-extended); nil past 32 bytes.
    public init?(bigEndian bytes: some Collection<UInt8>) {
        guard bytes.count <= 32 else { return nil }
        self = .zero
        var shift = (bytes.count - 1) * 8
        for byte in bytes {
            self[limb: shift >> 6] |= UInt64(byte) << UInt64(shift & 63)
            shift -= 8
        }
    }

    /// The 32 bytes, most significant first.
    public var bigEndianBytes: [UInt8] {
        var result = [UInt8]()
        result.reserveCapacity(32)
        for limb in [limb3, limb2, limb1, limb0] {
            for shift in stride(from: 56, through: 0, by: -8) {
                result.append(UInt8(truncatingIfNeeded: limb >> shift))
            }
        }
        return result
    }

    /// The limb at `index` (0 = least significant).
    @usableFromInline
    subscript(limb index: Int) -> UInt64 {
        get {
            switch index {
            case 0: limb0
            case 1: limb1
            case 2: limb2
            default: limb3
            }
        }
        set {
            switch index {
            case 0: limb0 = newValue
            case 1: limb1 = newValue
            case 2: limb2 = newValue
            default: limb3 = newValue
            }
        }
    }

    /// The value as a `UInt64`, or nil when it does not fit.
    public var exactUInt64: UInt64? {
        limb1 | limb2 | limb3 == 0 ? limb0 : nil
    }

    /// Whether the value is zero.
    public var isZero: Bool { limb0 | limb1 | limb2 | limb3 == 0 }

    /// The number of leading zero bits (256 for zero).
    public var leadingZeroBitCount: Int {
        if limb3 != 0 { return limb3.leadingZeroBitCount }
        if limb2 != 0 { return 64 + limb2.leadingZeroBitCount }
        if limb1 != 0 { return 128 + limb1.leadingZeroBitCount }
        return 192 + limb0.leadingZeroBitCount
    }

    /// The number of trailing zero bits (256 for zero).
    public var trailingZeroBitCount: Int {
        if limb0 != 0 { return limb0.trailingZeroBitCount }
        if limb1 != 0 { return 64 + limb1.trailingZeroBitCount }
        if limb2 != 0 { return 128 + limb2.trailingZeroBitCount }
        return 192 + limb3.trailingZeroBitCount
    }

    /// The number of bits needed to write the value (0 for zero): `uint<M>` holds it when this is ≤ M.
    public var significantBitCount: Int { 256 - leadingZeroBitCount }

    /// The number of one bits.
    public var nonzeroBitCount: Int {
        limb0.nonzeroBitCount + limb1.nonzeroBitCount + limb2.nonzeroBitCount + limb3.nonzeroBitCount
    }

    public static func < (lhs: UInt256, rhs: UInt256) -> Bool {
        (lhs.limb3, lhs.limb2, lhs.limb1, lhs.limb0) < (rhs.limb3, rhs.limb2, rhs.limb1, rhs.limb0)
    }

    /// Decimal digits.
    public var description: String { decimalString }
}
