import ChainKit

/// The last block whose logs are in the stream: where following resumes.
struct ChainCursor: Sendable, Hashable, CustomStringConvertible {
    var number: UInt64
    var hash: Hash32

    init(number: UInt64, hash: Hash32) {
        self.number = number
        self.hash = hash
    }

    var description: String { "#\(number) \(hash)" }
}
