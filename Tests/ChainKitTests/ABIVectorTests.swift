import ChainKit
import Testing

/// Every encoding vector of Tests/Fixtures/abi/vectors.json (eth-abi 6.0.0).
@Suite struct ABIVectorTests {
    @Test(arguments: try ABIFixtureCase.load("abi/vectors.json", "valid"))
    func validVectorEncodesToTheReferenceBytesAndDecodesBack(_ vector: ABIFixtureCase) throws {
        let types = try vector.types
        let canonical = try ABIFixtures.array(vector.json["types"]).map { try ABIFixtures.string($0) }
        #expect(types.map(\.description) == canonical)
        let values = try ABIFixtures.values(ABIFixtures.array(vector.json["values"]), as: types)
        let encoded = try ABIFixtures.bytes(ABIFixtures.string(vector.json["encoded"]))
        #expect(try ABIEncoder.encode(values, as: types) == encoded)
        #expect(try ABIDecoder.decode(types, from: encoded) == values)
    }

    /// eth-abi's exception names for the rejections where our code corresponds to theirs.
    static let ethABIErrors: [String: ABIDecodingError.Code] = [
        "InsufficientDataBytes": .insufficientData,
        "InvalidPointer": .invalidOffset,
        "NonEmptyPaddingBytes": .nonZeroPadding,
    ]

    /// Every case where we do not answer exactly as eth-abi 6.0.0 strict mode, and why. All are rejected by both
    /// sides: only the kind of error differs, because eth-abi raises Python exceptions that are not its own
    /// `DecodingError` there. Accept/reject verdicts agree on every one of the 35 malformed cases.
    ///
    /// | case | eth-abi strict | ours |
    /// | --- | --- | --- |
    /// | bytes: length 2^255 | OverflowError | insufficientData (the length exceeds the data) |
    /// | bytes: length 2^256-1 | OverflowError | insufficientData |
    /// | string: invalid UTF-8 (C3 28) | UnicodeDecodeError | invalidUTF8 |
    /// | string: overlong UTF-8 (C0 80) | UnicodeDecodeError | invalidUTF8 |
    /// | string: UTF-16 surrogate in UTF-8 (ED A0 80) | UnicodeDecodeError | invalidUTF8 |
    static let deliberateDifferences: [String: ABIDecodingError.Code] = [
        "bytes: length 2^255": .insufficientData,
        "bytes: length 2^256-1": .insufficientData,
        "string: invalid UTF-8 (C3 28)": .invalidUTF8,
        "string: overlong UTF-8 (C0 80)": .invalidUTF8,
        "string: UTF-16 surrogate in UTF-8 (ED A0 80)": .invalidUTF8,
    ]

    @Test(arguments: try ABIFixtureCase.load("abi/vectors.json", "malformed"))
    func malformedVectorGetsTheReferenceVerdict(_ vector: ABIFixtureCase) throws {
        let types = try vector.types
        let data = try ABIFixtures.bytes(ABIFixtures.string(vector.json["data"]))
        let reference = try #require(vector.json["eth_abi_strict"])
        let verdict = try ABIFixtures.string(reference["verdict"])
        switch ABIFixtures.decoding(types, data) {
        case .success(let decoded):
            #expect(verdict == "accepted", "we accepted what eth-abi rejects")
            let expected = try ABIFixtures.values(ABIFixtures.array(reference["decoded"]), as: types)
            #expect(decoded == expected)
        case .failure(let error):
            #expect(verdict == "rejected", "we rejected what eth-abi accepts: \(error)")
            let ethError = try ABIFixtures.string(reference["error"])
            let expected = Self.deliberateDifferences[vector.name] ?? Self.ethABIErrors[ethError]
            #expect(error.code == expected, "eth-abi: \(ethError), ours: \(error)")
        }
    }

    @Test func deliberateDifferencesNameRealCases() throws {
        let names = Set(try ABIFixtureCase.load("abi/vectors.json", "malformed").map(\.name))
        #expect(Set(Self.deliberateDifferences.keys).isSubset(of: names))
    }

    @Test func erc721DataUnderTheERC20LayoutIsRejectedLikeEthABI() throws {
        let cases = try ABIFixtures.array(ABIFixtures.json("abi/events.json")["cross_decoding"])
        #expect(cases.count == 1)
        for item in cases {
            let vector = ABIFixtureCase(name: "cross", json: item)
            let data = try ABIFixtures.bytes(ABIFixtures.string(item["data"]))
            #expect(try ABIFixtures.string(item["eth_abi_strict"]?["error"]) == "InsufficientDataBytes")
            #expect(ABIFixtures.decoding(try vector.types, data).failureCode == .insufficientData)
        }
    }
}
