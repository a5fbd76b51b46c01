import OpenSSL
import Testing

/// One strictly invalid base64 text and the error it must produce.
struct BadBase64: Sendable, CustomTestStringConvertible {
    let text: String
    let code: CryptoError.Code
    let offset: Int
    var testDescription: String { "\"\(text)\" → \(code) at \(offset)" }
}

@Suite struct Base64Tests {
    // RFC 4648 §10.
    static let rfc4648 = [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ]

    @Test(arguments: rfc4648)
    func encodesRFC4648Vectors(plain: String, encoded: String) {
        #expect(Base64.encode(Array(plain.utf8)) == encoded)
    }

    @Test(arguments: rfc4648)
    func decodesRFC4648Vectors(plain: String, encoded: String) throws {
        #expect(try Base64.decode(encoded) == Array(plain.utf8))
    }

    @Test func everyByteValueRoundTripsAndUsesTheStandardAlphabet() throws {
        let bytes = (0...255).map { UInt8($0) }
        let text = Base64.encode(bytes)
        #expect(text.hasPrefix("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4"))
        #expect(text.hasSuffix("8PHy8/T19vf4+fr7/P3+/w=="))
        #expect(try Base64.decode(text) == bytes)
    }

    static let rejected: [BadBase64] = [
        BadBase64(text: "Zg=", code: .base64Length, offset: 3),
        BadBase64(text: "Zm9vY", code: .base64Length, offset: 5),
        BadBase64(text: "Zm9v\n", code: .base64Length, offset: 5),
        BadBase64(text: "Zm 9", code: .base64Character, offset: 2),
        BadBase64(text: "Zm9-", code: .base64Character, offset: 3),
        BadBase64(text: "Zm9_", code: .base64Character, offset: 3),
        BadBase64(text: "Zé=", code: .base64Character, offset: 1),
        BadBase64(text: "Z===", code: .base64Padding, offset: 1),
        BadBase64(text: "====", code: .base64Padding, offset: 0),
        BadBase64(text: "Zg==Zm8=", code: .base64Padding, offset: 2),
        BadBase64(text: "Z=g=", code: .base64Padding, offset: 1),
        BadBase64(text: "Zh==", code: .base64PadBits, offset: 1),
        BadBase64(text: "Zm9=", code: .base64PadBits, offset: 2),
    ]

    @Test(arguments: rejected)
    func strictDecodingRejects(_ bad: BadBase64) {
        let error = #expect(throws: CryptoError.self) { try Base64.decode(bad.text) }
        #expect(error?.code == bad.code)
        #expect(error?.offset == bad.offset)
    }

    @Test func errorTextSaysWhatAndWhere() {
        let error = #expect(throws: CryptoError.self) { try Base64.decode("Zm9-") }
        #expect(error?.description == "invalid base64 character at offset 3: '-' is not base64")
    }
}
