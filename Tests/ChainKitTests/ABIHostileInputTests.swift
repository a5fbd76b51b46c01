import ChainKit
import Testing

/// Inputs built to make a decoder allocate or loop without bound, and values the encoder must refuse.
@Suite struct ABIHostileInputTests {
    private func word(_ value: Int) -> [UInt8] {
        [UInt8](repeating: 0, count: 24) + (0..<8).reversed().map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
    }

    /// 1,000 `bytes[]` elements all pointing at one 1 KiB tail would decode to 1 MB out of 33 KB.
    @Test func sharedTailsThatAmplifyAreRejected() throws {
        let count = 1_000
        var data = word(32) + word(count)
        data += (0..<count).flatMap { _ in word(count * 32) }
        data += word(1_024) + [UInt8](repeating: 0x61, count: 1_024)
        #expect(ABIFixtures.decoding([.array(.bytes)], data).failureCode == .amplification)

        // Two elements sharing the tail fit within the data's size, as eth-abi accepts them.
        let small = word(32) + word(2) + word(64) + word(64) + word(1) + [0x61] + [UInt8](repeating: 0, count: 31)
        #expect(try ABIDecoder.decode([.array(.bytes)], from: small) == [.array([.bytes([0x61]), .bytes([0x61])])])
    }

    /// Nested arrays whose elements all share one child: c^depth values from c·depth words.
    @Test func nestedSharingIsRejectedBeforeItExplodes() {
        let count = 64
        var data = word(32) + word(count) + (0..<count).flatMap { _ in word(count * 32) }
        // Every inner uint256[] is the same: `count` words of data.
        data += word(count) + (0..<count).flatMap { word($0) }
        #expect(ABIFixtures.decoding([.array(.array(.uint256))], data).failureCode == .amplification)
    }

    @Test func absurdCountsAndLengthsFailWithoutAllocating() {
        let huge = [UInt8](repeating: 0xFF, count: 32)
        #expect(ABIFixtures.decoding([.array(.uint256)], word(32) + huge).failureCode == .insufficientData)
        #expect(ABIFixtures.decoding([.array(.uint256)], word(32) + word(Int.max)).failureCode == .insufficientData)
        #expect(ABIFixtures.decoding([.bytes], word(32) + word(Int.max - 16)).failureCode == .insufficientData)
        #expect(ABIFixtures.decoding([.string], word(32) + huge).failureCode == .insufficientData)
        #expect(ABIFixtures.decoding([.bytes], word(Int.max)).failureCode == .invalidOffset)
        #expect(ABIFixtures.decoding([.bytes], huge).failureCode == .invalidOffset)
        // Static arrays too large for memory decode against their (small) data and fail at once.
        let enormous = ABIType.fixedArray(.fixedArray(.uint256, 1 << 40), 1 << 40)
        #expect(ABIFixtures.decoding([enormous], word(1)).failureCode == .insufficientData)
        #expect(ABIFixtures.decoding([.fixedArray(.uint256, Int.max)], word(1)).failureCode == .insufficientData)
        #expect(
            ABIFixtures.decoding([.array(.fixedArray(.string, Int.max))], word(32) + word(1)).failureCode
                == .insufficientData)
    }

    @Test func typesSolidityCannotDeclareAreRefused() {
        #expect(ABIFixtures.decoding([.tuple([])], []).failureCode == .invalidType)
        #expect(ABIFixtures.decoding([.array(.tuple([]))], word(32) + word(1 << 40)).failureCode == .invalidType)
        #expect(ABIFixtures.decoding([.fixedArray(.uint256, 0)], []).failureCode == .invalidType)
        #expect(ABIFixtures.decoding([.uint(7)], word(1)).failureCode == .invalidType)
        var deep = ABIType.uint256
        for _ in 0..<40 { deep = .array(deep) }
        #expect(ABIFixtures.decoding([deep], word(32) + word(0)).failureCode == .invalidType)
        #expect(throws: ABIParseError.self) { try ABIEvent(name: "E", inputs: [ABIParameter(type: .tuple([]))]) }
    }

    @Test func offsetsMustLeaveTheHeadsAndStayInTheData() throws {
        // (uint256, bytes): an offset of 32 points at the uint256, inside the heads.
        let intoHead = word(1) + word(32) + word(0)
        #expect(ABIFixtures.decoding([.uint256, .bytes], intoHead).failureCode == .invalidOffset)
        // Offsets that are not multiples of 32 are accepted, like eth-abi and Solidity.
        let unaligned = word(33) + [0] + word(1) + [0xAA] + [UInt8](repeating: 0, count: 31)
        #expect(try ABIDecoder.decode([.bytes], from: unaligned) == [.bytes([0xAA])])
    }

    @Test func encoderRefusesValuesThatDoNotFitAndSaysWhere() {
        func code(_ values: [ABIValue], _ types: [ABIType]) -> (ABIEncodingError.Code, [Int])? {
            do {
                _ = try ABIEncoder.encode(values, as: types)
                return nil
            } catch {
                return (error.code, error.path)
            }
        }
        #expect(code([.uint(UInt256(256))], [.uint(8)])! == (.outOfRange, [0]))
        #expect(code([.uint(UInt256(255))], [.uint(8)]) == nil)
        #expect(code([.int(Int256(-129))], [.int(8)])! == (.outOfRange, [0]))
        #expect(code([.int(Int256(128))], [.int(8)])! == (.outOfRange, [0]))
        #expect(code([.int(Int256(-128))], [.int(8)]) == nil)
        #expect(code([.fixedBytes([1, 2, 3])], [.fixedBytes(4)])! == (.outOfRange, [0]))
        #expect(code([.string("x")], [.uint256])! == (.typeMismatch, [0]))
        #expect(code([.bool(true)], [.uint256, .bool])! == (.wrongCount, []))
        #expect(code([.array([.uint(UInt256(1))])], [.fixedArray(.uint256, 2)])! == (.wrongCount, [0]))
        let nested: [ABIValue] = [.bool(true), .array([.tuple([.uint(UInt256(1))]), .tuple([.bool(true)])])]
        #expect(code(nested, [.bool, .array(.tuple([.uint256]))])! == (.typeMismatch, [1, 1, 0]))
    }

    @Test func indexedReferenceValuesHashTheirInPlaceEncoding() throws {
        // Indexed string: Keccak-256 of the bare UTF-8 bytes (ENS TextChanged in events.json checks a real one).
        #expect(try ABIEncoder.topic(.string("avatar"), as: .string) == Keccak256.hash(Array("avatar".utf8)))
        // Indexed uint256[2]: its elements' words, concatenated, without a length.
        let array = ABIValue.array([.uint(UInt256(1)), .uint(UInt256(2))])
        #expect(try ABIEncoder.topic(array, as: .fixedArray(.uint256, 2)) == Keccak256.hash(word(1) + word(2)))
        // Indexed (uint8, bytes): members padded to whole words, bytes without its length.
        let tuple = ABIValue.tuple([.uint(UInt256(7)), .bytes([0xAB])])
        let tupleBytes = word(7) + [0xAB] + [UInt8](repeating: 0, count: 31)
        #expect(try ABIEncoder.topic(tuple, as: .tuple([.uint(8), .bytes])) == Keccak256.hash(tupleBytes))
    }
}
