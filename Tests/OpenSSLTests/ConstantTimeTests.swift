import OpenSSL
import Testing

@Suite struct ConstantTimeTests {
    @Test(
        arguments: [
            ([UInt8](), [UInt8](), true),
            ([1, 2, 3], [1, 2, 3], true),
            ([1, 2, 3], [1, 2, 4], false),
            ([9, 2, 3], [1, 2, 3], false),
            ([1, 2, 3], [1, 2], false),
            ([1, 2], [1, 2, 3], false),
            ([], [0], false),
            ([0], [], false),
        ] as [([UInt8], [UInt8], Bool)])
    func truthTable(a: [UInt8], b: [UInt8], equal: Bool) {
        #expect(ConstantTime.equals(a, b) == equal)
    }

    @Test func comparesMACsAcrossCollectionTypes() {
        let mac = HMAC.sha256(key: Array("k".utf8), message: Array("m".utf8))
        #expect(ConstantTime.equals(mac, mac[...]))
        var tampered = mac
        tampered[31] ^= 1
        #expect(!ConstantTime.equals(mac, tampered))
    }
}
