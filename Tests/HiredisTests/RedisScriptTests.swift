import Hiredis
import Testing

@Suite struct RedisScriptTests {
    // FIPS 180 / RFC 3174 test vectors: `unit` repeated `count` times.
    @Test(arguments: [
        ("", 1, "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
        ("abc", 1, "a9993e364706816aba3e25717850c26c9cd0d89d"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 1, "84983e441c3bd26ebaae4aa1f95129e5e54670f1"),
        ("a", 1_000_000, "34aa973cd4c4daa4f61eeb2bdbad27316534016f"),
        (
            "0123456701234567012345670123456701234567012345670123456701234567", 10,
            "dea356a2cddd90c7a7ecedc5ebb563934f460452"
        ),
    ])
    func digestMatchesTheSHA1Vectors(unit: String, count: Int, digest: String) {
        #expect(RedisScript(String(repeating: unit, count: count)).sha1 == digest)
    }
}
