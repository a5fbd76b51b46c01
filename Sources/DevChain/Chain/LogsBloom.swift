import ChainKit

/// The 2048-bit bloom filter of a block or receipt (Yellow Paper §4.3.1): for the address and each topic, three
/// bits chosen by the first three 16-bit pairs of its Keccak-256.
struct LogsBloom: Sendable, Equatable {
    private(set) var bytes = [UInt8](repeating: 0, count: 256)

    mutating func add(_ log: LogTemplate) {
        add(item: log.address.bytes)
        for topic in log.topics { add(item: topic.bytes) }
    }

    private mutating func add(item: [UInt8]) {
        let digest = Keccak256.hash(item).bytes
        for pair in 0..<3 {
            let bit = (Int(digest[2 * pair]) << 8 | Int(digest[2 * pair + 1])) & 2047
            bytes[255 - bit / 8] |= 1 << UInt8(bit % 8)
        }
    }
}
