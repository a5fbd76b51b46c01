import ChainKit

/// One block of the dev chain, with everything the JSON-RPC answers need.
struct ChainBlock: Sendable {
    var number: UInt64
    var hash: Hash32
    var parentHash: Hash32
    var timestamp: UInt64
    var transactions: [ChainTransaction]
    /// Every log of the block, in `logIndex` order.
    var logs: [Log]
    /// `logs` rendered once as `eth_getLogs` returns them: the hot path serves these texts.
    var logJSON: [String]
    var logsBloom: LogsBloom
    var stateRoot: Hash32
    var transactionsRoot: Hash32
    var receiptsRoot: Hash32

    var gasUsed: UInt64 { transactions.reduce(0) { $0 + $1.gasUsed } }

    /// Builds block `number` on `parent` from `transactions`, numbering logs as a node does: `logIndex` runs
    /// across the whole block, `transactionIndex` is the position of the emitting transaction.
    ///
    /// `branch` enters the hash so a block replaced by a reorg never has the hash of the block it replaces.
    init(number: UInt64, parentHash: Hash32, timestamp: UInt64, branch: UInt64, transactions: [ChainTransaction]) {
        self.number = number
        self.parentHash = parentHash
        self.timestamp = timestamp
        self.transactions = transactions

        var content = Keccak256()
        content.update(parentHash.bytes)
        content.update(bigEndian(number))
        content.update(bigEndian(timestamp))
        content.update(bigEndian(branch))
        for transaction in transactions { content.update(transaction.hash.bytes) }
        let hash = content.finalize()
        self.hash = hash

        var bloom = LogsBloom()
        var logs: [Log] = []
        for (transactionIndex, transaction) in transactions.enumerated() {
            for template in transaction.logs {
                bloom.add(template)
                logs.append(
                    Log(
                        address: template.address, topics: template.topics, data: template.data,
                        blockNumber: number, blockHash: hash, blockTimestamp: timestamp,
                        transactionHash: transaction.hash, transactionIndex: UInt64(transactionIndex),
                        logIndex: UInt64(logs.count), removed: false
                    )
                )
            }
        }
        self.logs = logs
        self.logJSON = logs.map { ChainJSON.log($0) }
        self.logsBloom = bloom
        // Not real tries (the dev chain has no state), but stable 32-byte values derived from the content.
        self.stateRoot = Keccak256.hash(Array("state".utf8) + hash.bytes)
        self.transactionsRoot = Keccak256.hash(Array("transactions".utf8) + transactions.flatMap(\.hash.bytes))
        self.receiptsRoot = Keccak256.hash(Array("receipts".utf8) + bloom.bytes + bigEndian(UInt64(logs.count)))
    }
}
