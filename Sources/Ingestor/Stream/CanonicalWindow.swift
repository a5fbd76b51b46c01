import ChainKit

/// The recent canonical chain (number → hash) as far as the Ingestor emitted it: the reorg window. Mirrors the
/// Redis hash that the emit script keeps, so a restart starts with the same window.
struct CanonicalWindow: Sendable {
    /// Blocks kept; reorgs deeper than this cannot be undone precisely.
    let size: UInt64
    private(set) var hashes: [UInt64: Hash32] = [:]

    init(size: UInt64, hashes: [UInt64: Hash32] = [:]) {
        self.size = size
        self.hashes = hashes
    }

    subscript(number: UInt64) -> Hash32? { hashes[number] }

    /// The oldest block kept.
    var lowest: UInt64? { hashes.keys.min() }

    /// Records a block as the script does: add it, forget the one `size` blocks older.
    mutating func append(number: UInt64, hash: Hash32) {
        hashes[number] = hash
        if number >= size { hashes[number - size] = nil }
    }

    mutating func remove(number: UInt64) { hashes[number] = nil }

    mutating func removeAll() { hashes.removeAll() }
}
