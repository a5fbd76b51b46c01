import ChainKit
import Testing

/// The byte-level entry points (parsing UTF-8 buffers, appending hex to byte arrays) agree with the `String` ones.
@Suite struct HexBytesTests {
    static let hash = "0xDDF252AD1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"
    static let address = "0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045"

    private static func parse<T>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) throws(HexError) -> T)
        throws(HexError) -> T
    {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { buffer in Result { () throws(HexError) in try body(buffer) } }.get()
    }

    @Test func utf8ParsersAgreeWithTheStringOnes() throws {
        #expect(
            try Self.parse(Self.hash) { bytes throws(HexError) in try Hash32(utf8Hex: bytes) } == Hash32(hex: Self.hash)
        )
        #expect(
            try Self.parse(Self.address) { bytes throws(HexError) in try Address(utf8Hex: bytes) }
                == Address(hex: Self.address))
        #expect(
            try Self.parse("0x00fF10") { bytes throws(HexError) in try Hex.decode(utf8Hex: bytes) } == [0, 255, 16])
        #expect(try Self.parse("0x") { bytes throws(HexError) in try Hex.decode(utf8Hex: bytes) } == [])
    }

    @Test(arguments: [
        "", "0x", "0x12", "ab" + String(repeating: "0", count: 64), "0x" + String(repeating: "g", count: 64),
    ])
    func utf8ParsersThrowTheStringOnesErrors(_ text: String) {
        #expect(
            Result { () throws(HexError) in
                try Self.parse(text) { bytes throws(HexError) in try Hash32(utf8Hex: bytes) }
            }
            .map(\.description) == Result { () throws(HexError) in try Hash32(hex: text) }.map(\.description))
        #expect(
            Result { () throws(HexError) in
                try Self.parse(text) { bytes throws(HexError) in try Hex.decode(utf8Hex: bytes) }
            }
                == Result { () throws(HexError) in try Hex.decode(text) })
    }

    @Test func appendedHexIsTheDescription() throws {
        var output = Array("x".utf8)
        let hash = try Hash32(hex: Self.hash)
        let address = try Address(hex: Self.address)
        hash.appendHex(to: &output)
        address.appendHex(to: &output)
        Hex.append([0, 1, 0xAB, 0xFF], to: &output)
        Hex.append([], to: &output)
        #expect(
            String(decoding: output, as: UTF8.self) == "x" + hash.description + address.description + "0x0001abff0x")
        let large = (0..<5_000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        var big: [UInt8] = []
        Hex.append(large, to: &big)
        #expect(String(decoding: big, as: UTF8.self) == Hex.encode(large))
    }
}
