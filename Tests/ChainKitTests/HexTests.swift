import Testing

@testable import ChainKit

@Suite struct HexTests {
    @Test func decodesEitherCaseAndEncodesLowercase() throws {
        #expect(try Hex.decode("0x00ff10Ab") == [0x00, 0xFF, 0x10, 0xAB])
        #expect(try Hex.decode("0x") == [])
        #expect(try Hex.decode("0X0a") == [0x0A])
        #expect(Hex.encode([0x00, 0xFF, 0x10, 0xAB]) == "0x00ff10ab")
        #expect(Hex.encode([]) == "0x")
        #expect(Hex.encode(AnySequence([0xDE, 0xAD])) == "0xdead")
    }

    @Test func decodesSubstrings() throws {
        let text = "xx0xbeefyy"
        let slice = text.dropFirst(2).dropLast(2)
        #expect(try Hex.decode(slice) == [0xBE, 0xEF])
    }

    @Test func refusesWithWhatAndWhere() {
        #expect(throws: HexError.missingPrefix) { try Hex.decode("abcd") }
        #expect(throws: HexError.missingPrefix) { try Hex.decode("") }
        #expect(throws: HexError.missingPrefix) { try Hex.decode("0") }
        #expect(throws: HexError.oddLength(digits: 3)) { try Hex.decode("0xabc") }
        #expect(throws: HexError.invalidCharacter("g", index: 4)) { try Hex.decode("0x00g0") }
        #expect(throws: HexError.invalidCharacter("é", index: 2)) { try Hex.decode("0xé0") }
        #expect(throws: HexError.invalidCharacter(" ", index: 3)) { try Hex.decode("0x1 ") }
    }

    @Test func errorDescriptionsNameThePlace() {
        #expect(HexError.invalidCharacter("g", index: 4).description == "invalid hex character \"g\" at index 4")
        #expect(HexError.oddLength(digits: 3).description == "hex has an odd number of digits (3) after 0x")
        #expect(
            HexError.wrongLength(expectedBytes: 20, actualBytes: 19).description == "expected 20 bytes of hex, found 19"
        )
        #expect(HexError.missingPrefix.description == "hex must start with 0x")
    }

    @Test func quantitiesFollowJSONRPCRules() throws {
        #expect(try Hex.decodeQuantity("0x0") == 0)
        #expect(try Hex.decodeQuantity("0x1b") == 27)
        #expect(try Hex.decodeQuantity("0x001B") == 27)
        #expect(try Hex.decodeQuantity("0xffffffffffffffff") == .max)
        #expect(try Hex.decodeQuantity("0x0000ffffffffffffffff") == .max)
        #expect(throws: HexError.emptyQuantity) { try Hex.decodeQuantity("0x") }
        #expect(throws: HexError.missingPrefix) { try Hex.decodeQuantity("27") }
        #expect(throws: HexError.quantityTooLarge(maximumBits: 64)) { try Hex.decodeQuantity("0x10000000000000000") }
        #expect(throws: HexError.invalidCharacter("z", index: 21)) {
            try Hex.decodeQuantity("0x1000000000000000000z")
        }
        #expect(throws: HexError.invalidCharacter("-", index: 2)) { try Hex.decodeQuantity("0x-1") }
        #expect(Hex.encodeQuantity(0) == "0x0")
        #expect(Hex.encodeQuantity(27) == "0x1b")
        #expect(Hex.encodeQuantity(0x100) == "0x100")
        #expect(Hex.encodeQuantity(.max) == "0xffffffffffffffff")
    }

    @Test func randomBytesRoundTrip() throws {
        var random = SeededGenerator(seed: 1)
        for _ in 0..<2_000 {
            let bytes = random.bytes(Int.random(in: 0..<80, using: &random))
            #expect(try Hex.decode(Hex.encode(bytes)) == bytes)
            let value = random.next() >> UInt64.random(in: 0..<64, using: &random)
            #expect(try Hex.decodeQuantity(Hex.encodeQuantity(value)) == value)
        }
    }

    @Test func randomTextNeverCrashesTheDecoders() {
        var random = SeededGenerator(seed: 2)
        let alphabet = Array("0xX123456789abcdefABCDEFgG é\u{0}🙂")
        var decoded = 0
        for _ in 0..<20_000 {
            let length = Int.random(in: 0..<70, using: &random)
            let text = String((0..<length).map { _ in alphabet.randomElement(using: &random)! })
            if (try? Hex.decode(text)) != nil { decoded += 1 }
            _ = try? Hex.decodeQuantity(text)
            _ = try? Address(hex: text)
            _ = try? Hash32(hex: text)
            _ = UInt256(hexQuantity: text)
            _ = UInt256(decimal: text)
        }
        // The alphabet makes some valid strings: the loop exercised both outcomes.
        #expect(decoded > 0)
    }
}
