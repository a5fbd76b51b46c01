import ChainKit

/// The property tests' generator: ChainKit's SplitMix64, so a failing case reproduces from its seed.
typealias SeededGenerator = SplitMix64

extension SplitMix64 {
    /// `count` random bytes.
    mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: 0...255, using: &self) }
    }
}
