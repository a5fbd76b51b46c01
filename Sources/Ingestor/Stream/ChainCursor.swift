public import ChainKit

/// The last block whose logs are in the stream: where following resumes.
public struct ChainCursor: Sendable, Hashable, CustomStringConvertible {
    public var number: UInt64
    public var hash: Hash32

    public init(number: UInt64, hash: Hash32) {
        self.number = number
        self.hash = hash
    }

    public var description: String { "#\(number) \(hash)" }
}
