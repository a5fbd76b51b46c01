import OpenSSL
import Testing

@Suite struct SHA256Tests {
    // FIPS 180-2 appendix B known answers, and the digest of the empty message.
    @Test(arguments: [
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
    ])
    func matchesKnownAnswers(message: String, digest: String) {
        #expect(SHA256.hash(Array(message.utf8)) == hex(digest))
    }

    @Test func millionAsMatchesFIPS() {
        let digest = SHA256.hash(repeated(UInt8(ascii: "a"), 1_000_000))
        #expect(digest == hex("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"))
    }
}
