import ChainKit

/// The dev chain's blocks: a pure value that the node actor mines and reorganises. No clock, no IO, so every
/// behaviour (numbering, hashes, reorgs) is unit-tested directly and a seed reproduces the same chain.
struct Chain: Sendable {
    struct Configuration: Sendable {
        var chainID: UInt64
        var logsPerBlock: Int
        var seed: UInt64
        /// Seconds between block timestamps (at least 1, as on every real chain).
        var secondsPerBlock: UInt64
        var genesisTimestamp: UInt64 = 1_700_000_000
        var tokenCount: Int = 8
    }

    /// What a reorg did: the blocks it took out of the canonical chain and the ones it put in, both oldest first.
    struct Reorg: Sendable {
        var orphaned: [ChainBlock]
        var adopted: [ChainBlock]
    }

    let configuration: Configuration
    private(set) var canonical: [ChainBlock]
    /// Every block ever mined, orphans included: nodes keep side blocks and answer by-hash queries for them.
    private var blocksByHash: [Hash32: ChainBlock] = [:]
    private var transactionsByHash: [Hash32: (block: UInt64, index: Int)] = [:]
    private var workload: Workload
    private var random: SplitMix64
    private var emitted: [LogTemplate] = []
    private var branch: UInt64 = 0

    init(configuration: Configuration) {
        self.configuration = configuration
        random = SplitMix64(seed: configuration.seed)
        workload = Workload(chainID: configuration.chainID, tokenCount: configuration.tokenCount)
        let genesis = ChainBlock(
            number: 0, parentHash: Hash32.zero, timestamp: configuration.genesisTimestamp, branch: 0, transactions: []
        )
        canonical = [genesis]
        blocksByHash[genesis.hash] = genesis
    }

    var head: ChainBlock { canonical[canonical.count - 1] }

    func block(number: UInt64) -> ChainBlock? { number < canonical.count ? canonical[Int(number)] : nil }
    func block(hash: Hash32) -> ChainBlock? { blocksByHash[hash] }

    /// The canonical block and position of a transaction.
    func transaction(hash: Hash32) -> (block: ChainBlock, index: Int)? {
        guard let location = transactionsByHash[hash] else { return nil }
        return (canonical[Int(location.block)], location.index)
    }

    /// Queues logs to be emitted, one transaction each, at the start of the next block.
    mutating func emit(_ logs: [LogTemplate]) { emitted.append(contentsOf: logs) }

    /// Mines one block on the head and returns it.
    @discardableResult
    mutating func mine() -> ChainBlock {
        append(
            transactions: takeEmitted() + workload.transactions(logCount: configuration.logsPerBlock, using: &random))
    }

    /// Replaces the last `depth` blocks with a branch of `depth + 1` new ones: the head's hash changes, some
    /// orphaned transactions are included again in other blocks (their logs move), the rest vanish, and the new
    /// blocks carry new transactions.
    mutating func reorg(depth: Int) throws(RPCFailure) -> Reorg {
        guard depth >= 1, depth < canonical.count else {
            throw RPCFailure.invalidParams("reorg depth must be between 1 and \(canonical.count - 1), got \(depth)")
        }
        let orphaned = Array(canonical.suffix(depth))
        canonical.removeLast(depth)
        for block in orphaned {
            for transaction in block.transactions { transactionsByHash[transaction.hash] = nil }
        }
        branch += 1

        // Every other orphaned transaction survives, spread over the new branch the way a mempool refills blocks.
        var survivors = orphaned.flatMap(\.transactions).enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        var adopted: [ChainBlock] = []
        let newBlocks = depth + 1
        for position in 0..<newBlocks {
            let share = (survivors.count + (newBlocks - position) - 1) / (newBlocks - position)
            let reincluded = Array(survivors.prefix(share))
            survivors.removeFirst(reincluded.count)
            let room = max(0, configuration.logsPerBlock - reincluded.reduce(0) { $0 + $1.logs.count })
            let fresh = workload.transactions(logCount: room, using: &random)
            let emittedNow = position == newBlocks - 1 ? takeEmitted() : []
            adopted.append(append(transactions: emittedNow + reincluded + fresh))
        }
        return Reorg(orphaned: orphaned, adopted: adopted)
    }

    private mutating func takeEmitted() -> [ChainTransaction] {
        defer { emitted.removeAll() }
        return emitted.map { workload.emitterTransaction(for: $0) }
    }

    private mutating func append(transactions: [ChainTransaction]) -> ChainBlock {
        let parent = head
        let number = parent.number + 1
        let block = ChainBlock(
            number: number, parentHash: parent.hash,
            timestamp: configuration.genesisTimestamp + number * configuration.secondsPerBlock,
            branch: branch, transactions: transactions
        )
        canonical.append(block)
        blocksByHash[block.hash] = block
        for (index, transaction) in transactions.enumerated() {
            transactionsByHash[transaction.hash] = (number, index)
        }
        return block
    }
}
