import ChainKit

/// The recent canonical chain (number → hash) as far as the Ingestor emitted it: the reorg window. Mirrors the
/// Redis hash that the ledger keeps, so a restart starts with the same window.
struct CanonicalWindow: Sendable {
    /// Blocks kept; reorgs deeper than this cannot be undone precisely.
    let size: UInt64
    private(set) var hashes: [UInt64: Hash32] = [:]
    /// The block appended last (the cursor): nothing at or below `last - size` is kept.
    private var last: UInt64?

    init(size: UInt64, hashes: [UInt64: Hash32] = [:]) {
        self.size = size
        self.hashes = hashes
        last = hashes.keys.max()
    }

    subscript(number: UInt64) -> Hash32? { hashes[number] }

    /// The oldest block kept.
    var lowest: UInt64? { hashes.keys.min() }

    /// Records a block as the ledger does: add it, forget those `size` blocks older (see `leaving`). Blocks may be
    /// skipped: a deep catch-up emits only blocks with logs.
    mutating func append(number: UInt64, hash: Hash32) {
        hashes[number] = hash
        if let leaving = Self.leaving(after: last, appending: number, size: size) {
            for old in leaving { hashes[old] = nil }
        }
        last = number
    }

    /// The heights that leave a window of `size` blocks when `number` is appended after `last`: every block
    /// between the last one's horizon and the new one's (blocks may be skipped). The ledger applies the same rule
    /// to the copy in Redis.
    static func leaving(after last: UInt64?, appending number: UInt64, size: UInt64) -> ClosedRange<UInt64>? {
        guard let last, number >= size else { return nil }
        let from = last + 1 >= size ? last + 1 - size : 0
        let to = min(last, number - size)
        return from <= to ? from...to : nil
    }

    mutating func remove(number: UInt64) { hashes[number] = nil }

    mutating func removeAll() { hashes.removeAll() }

    /// One step of the walk from a block of another branch back to the common ancestor, by parent hash.
    enum WalkStep: Equatable {
        /// The parent of the block is ours: the ancestor's number.
        case ancestor(UInt64)
        /// The parent's height is at or below the cursor but outside the window: deeper than the window.
        case belowWindow
        /// The parent is not known to agree: fetch it by this hash and step again.
        case parent(Hash32)
    }

    /// What to do with `child`, a block of the branch being walked, when the emitted chain ends at `cursor`.
    func step(from child: BlockHeader, cursor: UInt64) -> WalkStep {
        guard child.number > 0 else { return .belowWindow }
        let parentNumber = child.number - 1
        if let known = hashes[parentNumber] {
            return known == child.parentHash ? .ancestor(parentNumber) : .parent(child.parentHash)
        }
        return parentNumber <= cursor ? .belowWindow : .parent(child.parentHash)
    }
}
