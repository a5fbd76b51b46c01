import OpenSSL
import Testing

@Suite struct SecureRandomTests {
    @Test(arguments: [0, 1, 16, 32, 4096])
    func returnsTheRequestedLength(count: Int) throws {
        #expect(try SecureRandom.bytes(count: count).count == count)
    }

    @Test func successiveDrawsDiffer() throws {
        let draws = try (0..<64).map { _ in try SecureRandom.bytes(count: 32) }
        #expect(Set(draws).count == draws.count)
        // 32 zero bytes from a working DRBG has probability 2^-256.
        #expect(draws.allSatisfy { $0 != [UInt8](repeating: 0, count: 32) })
    }
}
