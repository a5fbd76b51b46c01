/// Ethereum's Keccak-256 (the original Keccak padding `0x01`, not FIPS 202 SHA3-256), incremental or one-shot.
public struct Keccak256: Sendable {
    /// 136 bytes of not yet absorbed input, kept inline so hashing never allocates.
    private typealias Block = (
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
        UInt64, UInt64, UInt64, UInt64
    )

    private var lanes = KeccakPermutation.zeroLanes
    private var block: Block = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    private var buffered = 0

    /// A hasher that has absorbed nothing yet.
    public init() {}

    /// Absorbs more input.
    public mutating func update(_ bytes: some Collection<UInt8>) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        if done == nil {
            Array(bytes).withUnsafeBytes { update($0) }
        }
    }

    /// Absorbs more input from raw memory.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        let rate = KeccakPermutation.rate
        var offset = 0
        if buffered > 0 {
            offset = Swift.min(rate - buffered, bytes.count)
            append(base, count: offset)
            guard buffered == rate else { return }
            absorbBlock()
        }
        let wholeBlocks = (bytes.count - offset) / rate
        if wholeBlocks > 0 {
            KeccakPermutation.absorb(&lanes, blocks: base + offset, blockCount: wholeBlocks)
            offset += wholeBlocks * rate
        }
        append(base + offset, count: bytes.count - offset)
    }

    /// Pads, permutes and returns the 32-byte digest.
    public consuming func finalize() -> Hash32 {
        let rate = KeccakPermutation.rate
        let used = buffered
        withUnsafeMutableBytes(of: &block) { raw in
            for index in used..<rate { raw[index] = 0 }
            // Keccak's multi-rate padding: a 1 bit after the message, a 1 bit at the end of the block.
            raw[used] |= 0x01
            raw[rate - 1] |= 0x80
        }
        absorbBlock()
        // Digest bytes are the lanes' little-endian bytes; a big-endian word of them is the lane byte-swapped.
        return Hash32(
            words: lanes.0.byteSwapped,
            lanes.1.byteSwapped,
            lanes.2.byteSwapped,
            lanes.3.byteSwapped
        )
    }

    /// The digest of `bytes`.
    public static func hash(_ bytes: some Collection<UInt8>) -> Hash32 {
        var hasher = Keccak256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Copies `count` bytes into the partial block (which has room for them).
    private mutating func append(_ source: UnsafeRawPointer, count: Int) {
        guard count > 0 else { return }
        let start = buffered
        withUnsafeMutableBytes(of: &block) { raw in
            raw.baseAddress!.advanced(by: start).copyMemory(from: source, byteCount: count)
        }
        buffered += count
    }

    /// Absorbs the full partial block.
    private mutating func absorbBlock() {
        let pending = block
        withUnsafeBytes(of: pending) { raw in
            KeccakPermutation.absorb(&lanes, blocks: raw.baseAddress!, blockCount: 1)
        }
        buffered = 0
    }
}

extension Keccak256 {
    /// The digest of the bytes in raw memory: not generic, so a caller in another module (the Processor's webhook
    /// ids, one per job) gets the specialised path instead of `some Collection`'s unspecialised one.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> Hash32 {
        var hasher = Keccak256()
        hasher.update(bytes)
        return hasher.finalize()
    }
}
