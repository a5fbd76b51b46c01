import Foundation
import Testing

@testable import ChainKit

@Suite struct AddressTests {
    /// The test cases listed in EIP-55 itself.
    static let eip55 = [
        "0x52908400098527886E0F7030069857D2E4169EE7",
        "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
        "0xde709f2102306220921060314715629080e2fb77",
        "0x27b1fdb04752bbc536007a920d24acb045561c26",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    ]

    @Test(arguments: eip55)
    func checksumMatchesEIP55(expected: String) throws {
        let address = try Address(hex: expected.lowercased())
        #expect(address.checksummed == expected)
        #expect(try Address(hex: expected) == address)
        #expect(address.description == expected.lowercased())
    }

    @Test func parsesExactlyTwentyBytes() throws {
        #expect(throws: HexError.wrongLength(expectedBytes: 20, actualBytes: 19)) {
            try Address(hex: "0x" + String(repeating: "ab", count: 19))
        }
        #expect(throws: HexError.invalidCharacter("z", index: 41)) {
            try Address(hex: "0x" + String(repeating: "a", count: 39) + "z")
        }
        #expect(throws: HexError.missingPrefix) { try Address(hex: String(repeating: "a", count: 40)) }
        #expect(Address(bytes: [UInt8](repeating: 1, count: 19)) == nil)
        #expect(Address(bytes: [UInt8](repeating: 1, count: 21)) == nil)
    }

    @Test func bytesRoundTripAndOrderIsBytewise() throws {
        var random = SeededGenerator(seed: 7)
        var addresses: [Address] = []
        for _ in 0..<200 {
            let bytes = random.bytes(20)
            let address = try #require(Address(bytes: bytes))
            #expect(address.bytes == bytes)
            #expect(try Address(hex: Hex.encode(bytes)) == address)
            addresses.append(address)
        }
        let sorted = addresses.sorted()
        for (lhs, rhs) in zip(sorted, sorted.dropFirst()) {
            #expect(lhs.bytes.lexicographicallyPrecedes(rhs.bytes) || lhs == rhs)
        }
    }

    @Test func hashParsesThirtyTwoBytes() throws {
        let text = "0x95b7276947f6331672b0c63eca28c1d39f25286d5e2793d6a487837ff1475ba0"
        let hash = try Hash32(hex: text.uppercased().replacingOccurrences(of: "0X", with: "0x"))
        #expect(hash.description == text)
        #expect(hash.bytes.count == 32)
        #expect(hash.bytes.first == 0x95)
        #expect(hash.bytes.last == 0xA0)
        #expect(Hash32(bytes: hash.bytes) == hash)
        #expect(Hash32(bytes: [UInt8](repeating: 0, count: 31)) == nil)
        #expect(throws: HexError.wrongLength(expectedBytes: 32, actualBytes: 20)) {
            try Hash32(hex: "0x" + String(repeating: "00", count: 20))
        }
    }

    @Test func codableUsesLowercaseHexStrings() throws {
        let address = try Address(hex: "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")
        let encoded = try JSONEncoder().encode([address])
        #expect(String(decoding: encoded, as: UTF8.self) == "[\"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed\"]")
        #expect(try JSONDecoder().decode([Address].self, from: encoded) == [address])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Hash32].self, from: encoded) }
    }
}
