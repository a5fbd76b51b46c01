import ChainKit

/// A transaction of the dev chain: a legacy (type 0) EIP-155 transaction whose only effect is its logs.
struct ChainTransaction: Sendable, Equatable {
    var hash: Hash32
    var from: Address
    var to: Address
    var nonce: UInt64
    var input: [UInt8]
    var logs: [LogTemplate]

    /// Gas a node would charge: 21,000 plus a plausible cost per log, so receipts and headers look real.
    var gasUsed: UInt64 { 21_000 + UInt64(logs.count) * 1_756 + UInt64(input.count) * 16 }

    /// Derives the hash from the content, as a real node hashes the signed RLP: equal content, equal hash.
    static func hash(chainID: UInt64, from: Address, to: Address, nonce: UInt64, input: [UInt8]) -> Hash32 {
        var keccak = Keccak256()
        keccak.update(bigEndian(chainID))
        keccak.update(from.bytes)
        keccak.update(to.bytes)
        keccak.update(bigEndian(nonce))
        keccak.update(input)
        return keccak.finalize()
    }
}

/// The 8 big-endian bytes of `value`, for hashing.
func bigEndian(_ value: UInt64) -> [UInt8] {
    (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * $0)) }
}
