import Testing

@testable import ChainKit

@Suite struct UInt256Tests {
    static let maxDecimal = "115792089237316195423570985008687907853269984665640564039457584007913129639935"

    @Test func decimalTextRoundTripsAtTheEdges() throws {
        #expect(UInt256.max.description == Self.maxDecimal)
        #expect(UInt256(decimal: Self.maxDecimal) == .max)
        #expect(UInt256.zero.description == "0")
        #expect(UInt256(decimal: "0") == .zero)
        #expect(UInt256(decimal: "000042") == UInt256(42))
        // 2^256 itself, and garbage, are refused.
        #expect(
            UInt256(decimal: "115792089237316195423570985008687907853269984665640564039457584007913129639936") == nil)
        #expect(UInt256(decimal: "") == nil)
        #expect(UInt256(decimal: "-1") == nil)
        #expect(UInt256(decimal: "1_000") == nil)
        #expect(UInt256(decimal: "12a") == nil)
        #expect(UInt256(decimal: "10000000000000000000")?.description == "10000000000000000000")
    }

    @Test func hexQuantityFollowsJSONRPCRules() {
        #expect(UInt256.zero.hexQuantity == "0x0")
        #expect(UInt256(255).hexQuantity == "0xff")
        #expect(UInt256.max.hexQuantity == "0x" + String(repeating: "f", count: 64))
        #expect(UInt256(hexQuantity: "0x00ff") == UInt256(255))
        #expect(UInt256(hexQuantity: "0x" + String(repeating: "f", count: 64)) == .max)
        #expect(UInt256(hexQuantity: "0x0" + String(repeating: "f", count: 64)) == .max)
        #expect(UInt256(hexQuantity: "0x1" + String(repeating: "0", count: 64)) == nil)
        #expect(UInt256(hexQuantity: "0x") == nil)
        #expect(UInt256(hexQuantity: "ff") == nil)
        #expect(UInt256(hexQuantity: "0xfg") == nil)
    }

    @Test func bigEndianBytes() throws {
        let value = try #require(UInt256(bigEndian: [0x01, 0x02]))
        #expect(value == UInt256(0x0102))
        #expect(value.bigEndianBytes == [UInt8](repeating: 0, count: 30) + [0x01, 0x02])
        #expect(UInt256(bigEndian: [UInt8](repeating: 0xFF, count: 32)) == .max)
        #expect(UInt256(bigEndian: [UInt8](repeating: 0, count: 33)) == nil)
        #expect(UInt256(bigEndian: []) == .zero)
        let bytes = (1...32).map { UInt8($0) }
        #expect(UInt256(bigEndian: bytes)?.bigEndianBytes == bytes)
    }

    @Test func arithmeticReportsOverflow() throws {
        let one = UInt256(1)
        #expect(UInt256.max.addingReportingOverflow(one) == (.zero, true))
        #expect(UInt256.zero.subtractingReportingOverflow(one) == (.max, true))
        let twoTo128 = one << 128
        #expect(twoTo128.multipliedReportingOverflow(by: twoTo128).overflow)
        #expect((twoTo128 - one).multipliedReportingOverflow(by: twoTo128 + one) == (.max, false))
        #expect(UInt256.max.multipliedReportingOverflow(by: UInt256(2)).overflow)
        #expect(UInt256.max.multipliedReportingOverflow(by: one) == (.max, false))
        #expect((one << 255).multipliedReportingOverflow(by: UInt256(2)) == (.zero, true))
        // Values checked with Python's integers.
        let a = try #require(UInt256(decimal: "123456789012345678901234567890123456789"))
        let b = try #require(UInt256(decimal: "98765432109876543210"))
        #expect((a * b).description == "12193263113702179522496570642249657064223746380111126352690")
        #expect((a * b).hexQuantity == "0x1f1479b59e669a61de25e078dcd488a15db8d038880365332")
    }

    @Test func divisionMatchesKnownAnswers() throws {
        // Values checked with Python's integers.
        #expect(
            (UInt256.max / UInt256(3)).description
                == "38597363079105398474523661669562635951089994888546854679819194669304376546645"
        )
        #expect(UInt256.max % UInt256(7) == UInt256(1))
        let divisor = (UInt256(1) << 100) + UInt256(12345)
        let (quotient, remainder) = UInt256.max.quotientAndRemainder(dividingBy: divisor)
        #expect(quotient.description == "91343852333181432387730301155216690330275414016")
        #expect(remainder.description == "10981507075226030466662399")
        #expect(UInt256(5).quotientAndRemainder(dividingBy: divisor) == (.zero, UInt256(5)))
    }

    @Test func bitHelpers() {
        #expect(UInt256.zero.significantBitCount == 0)
        #expect(UInt256(1).significantBitCount == 1)
        #expect(UInt256(255).significantBitCount == 8)
        #expect(UInt256(256).significantBitCount == 9)
        #expect(UInt256.max.significantBitCount == 256)
        #expect((UInt256(1) << 200).trailingZeroBitCount == 200)
        #expect((UInt256(1) << 200).leadingZeroBitCount == 55)
        #expect(UInt256.max.nonzeroBitCount == 256)
        #expect((UInt256.max >> 255) == UInt256(1))
        #expect((UInt256.max << 256) == .zero)
        #expect((UInt256(0xF0) >> 4) == UInt256(0x0F))
        #expect((UInt256(1) << 64).exactUInt64 == nil)
        #expect(UInt256(7).exactUInt64 == 7)
    }

    @Test func randomValuesRoundTripAndAgreeWithUInt64() throws {
        var random = SeededGenerator(seed: 3)
        for _ in 0..<2_000 {
            let value = try #require(UInt256(bigEndian: random.bytes(Int.random(in: 0...32, using: &random))))
            #expect(UInt256(decimal: value.description) == value)
            #expect(UInt256(hexQuantity: value.hexQuantity) == value)
            #expect(UInt256(bigEndian: value.bigEndianBytes) == value)
            let shift = Int.random(in: 0..<256, using: &random)
            #expect((value << shift) >> shift == value & (UInt256.max >> shift))

            let x = UInt64(UInt32.random(in: .min ... .max, using: &random))
            let y = UInt64(UInt32.random(in: 1 ... .max, using: &random))
            #expect(UInt256(x) * UInt256(y) == UInt256(x * y))
            #expect(UInt256(x) + UInt256(y) == UInt256(x + y))
            #expect(UInt256(x * y) / UInt256(y) == UInt256(x))
            #expect((UInt256(x) < UInt256(y)) == (x < y))

            let divisor = try #require(UInt256(bigEndian: random.bytes(Int.random(in: 1...32, using: &random))))
            guard !divisor.isZero else { continue }
            let (quotient, remainder) = value.quotientAndRemainder(dividingBy: divisor)
            #expect(remainder < divisor)
            let (product, overflow) = quotient.multipliedReportingOverflow(by: divisor)
            #expect(!overflow)
            #expect(product + remainder == value)
        }
    }
}

@Suite struct Int256Tests {
    static let minDecimal = "-57896044618658097711785492504343953926634992332820282019728792003956564819968"

    @Test func twosComplementEdges() throws {
        #expect(Int256(-1).twosComplement == .max)
        #expect(Int256(twosComplement: .max) == Int256(-1))
        #expect(Int256.min.description == Self.minDecimal)
        #expect(Int256.min.magnitude == UInt256(1) << 255)
        #expect(Int256(decimal: Self.minDecimal) == .min)
        #expect(Int256(decimal: String(Self.minDecimal.dropLast()) + "9") == nil)
        #expect(Int256.max.description == (UInt256.max >> 1).description)
        #expect(Int256(decimal: "-0") == .zero)
        #expect(Int256(decimal: "-") == nil)
        #expect(Int256(decimal: "+5") == nil)
        #expect(Int256(-5).description == "-5")
        #expect(Int256(-5).isNegative)
        #expect(Int256(-5).magnitude == UInt256(5))
        #expect(Int256(Int64.min).description == String(Int64.min))
    }

    @Test func orderingCrossesZero() {
        #expect(Int256.min < Int256(-1))
        #expect(Int256(-1) < .zero)
        #expect(Int256.zero < Int256(1))
        #expect(Int256(1) < .max)
    }

    @Test func arithmeticReportsOverflow() {
        #expect(Int256.max.addingReportingOverflow(1).overflow)
        #expect(Int256.min.subtractingReportingOverflow(1).overflow)
        #expect(Int256.min.negatedReportingOverflow().overflow)
        #expect(Int256(-3).addingReportingOverflow(5) == (Int256(2), false))
        #expect(Int256(-3).multipliedReportingOverflow(by: 5) == (Int256(-15), false))
        #expect(Int256(-1).multipliedReportingOverflow(by: .min).overflow)
        #expect(Int256.min.multipliedReportingOverflow(by: 1) == (.min, false))
        #expect(Int256(-2).multipliedReportingOverflow(by: Int256(twosComplement: UInt256(1) << 254)) == (.min, false))
    }

    @Test func significantBitsMatchIntM() {
        // int8 holds -128...127: both need 8 bits, one more in either direction needs 9.
        #expect(Int256(127).significantBitCount == 8)
        #expect(Int256(-128).significantBitCount == 8)
        #expect(Int256(128).significantBitCount == 9)
        #expect(Int256(-129).significantBitCount == 9)
        #expect(Int256(0).significantBitCount == 1)
        #expect(Int256(-1).significantBitCount == 1)
        #expect(Int256.min.significantBitCount == 256)
    }

    @Test func randomValuesRoundTrip() {
        var random = SeededGenerator(seed: 4)
        for _ in 0..<2_000 {
            let bits = UInt256(bigEndian: random.bytes(32))!
            let value = Int256(twosComplement: bits)
            #expect(Int256(decimal: value.description) == value)
            #expect(value.twosComplement == bits)
            let small = Int64(truncatingIfNeeded: random.next()) >> 2
            let other = Int64(truncatingIfNeeded: random.next()) >> 2
            #expect(Int256(small).addingReportingOverflow(Int256(other)) == (Int256(small + other), false))
            #expect(Int256(small).description == String(small))
            #expect((Int256(small) < Int256(other)) == (small < other))
        }
    }
}
