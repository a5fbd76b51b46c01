import OpenSSL
import Testing

/// One RFC 4231 §4 test case: key, data and the expected HMAC-SHA-256 (truncated where the RFC truncates).
struct HMACVector: Sendable, CustomTestStringConvertible {
    let number: Int
    let key: [UInt8]
    let data: [UInt8]
    let expected: [UInt8]
    var testDescription: String { "RFC 4231 test case \(number)" }
}

let rfc4231: [HMACVector] = [
    HMACVector(
        number: 1, key: repeated(0x0B, 20), data: Array("Hi There".utf8),
        expected: hex("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")),
    HMACVector(
        number: 2, key: Array("Jefe".utf8), data: Array("what do ya want for nothing?".utf8),
        expected: hex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")),
    HMACVector(
        number: 3, key: repeated(0xAA, 20), data: repeated(0xDD, 50),
        expected: hex("773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe")),
    HMACVector(
        number: 4, key: hex("0102030405060708090a0b0c0d0e0f10111213141516171819"), data: repeated(0xCD, 50),
        expected: hex("82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b")),
    // Case 5 is published truncated to 128 bits: the full MAC must start with it.
    HMACVector(
        number: 5, key: repeated(0x0C, 20), data: Array("Test With Truncation".utf8),
        expected: hex("a3b6167473100ee06e0c796c2955552b")),
    HMACVector(
        number: 6, key: repeated(0xAA, 131),
        data: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
        expected: hex("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")),
    HMACVector(
        number: 7, key: repeated(0xAA, 131),
        data: Array(
            ("This is a test using a larger than block-size key and a larger than block-size data. "
                + "The key needs to be hashed before being used by the HMAC algorithm.").utf8),
        expected: hex("9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2")),
]

@Suite struct HMACTests {
    @Test(arguments: rfc4231)
    func matchesRFC4231(_ vector: HMACVector) {
        let mac = HMAC.sha256(key: vector.key, message: vector.data)
        #expect(mac.count == 32)
        #expect(Array(mac.prefix(vector.expected.count)) == vector.expected)
    }

    @Test(arguments: rfc4231)
    func aPreparedKeyGivesTheRFC4231MACEveryTimeAndFromManyTasksAtOnce(_ vector: HMACVector) async {
        // `HMACKey` resets a pooled context for each message: later answers must equal the first, and answers from
        // several tasks at once (several contexts taken from the pool together) too. Each task signs many messages so
        // that the tasks contend for the pool's lock, which is what ThreadSanitizer (scripts/test --tsan) checks.
        let key = HMACKey(sha256: vector.key)
        for _ in 0..<4 {
            #expect(Array(key.authenticationCode(for: vector.data).prefix(vector.expected.count)) == vector.expected)
        }
        let codes = await withTaskGroup(of: [[UInt8]].self) { group in
            for _ in 0..<16 {
                group.addTask { (0..<200).map { _ in key.authenticationCode(for: vector.data) } }
            }
            return await group.reduce(into: []) { $0 += $1 }
        }
        #expect(codes.count == 16 * 200)
        #expect(codes.allSatisfy { Array($0.prefix(vector.expected.count)) == vector.expected })
    }

    @Test func acceptsNonContiguousCollections() {
        // A lazy map has no contiguous storage, so this goes through the copying path.
        let key = "Jefe".utf8.lazy.map { $0 }
        let message = "what do ya want for nothing?".utf8.lazy.map { $0 }
        #expect(HMAC.sha256(key: key, message: message) == rfc4231[1].expected)
    }

    @Test func emptyKeyAndMessageGiveTheKnownMAC() {
        // HMAC-SHA256("", "") as published by many implementations (e.g. Python's hmac module).
        let expected = hex("b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
        #expect(HMAC.sha256(key: [UInt8](), message: [UInt8]()) == expected)
    }
}
