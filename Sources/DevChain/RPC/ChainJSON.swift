import ChainKit

/// The dev chain's blocks, headers, transactions, logs and receipts as geth writes them
/// (`Tests/Fixtures/rpc`): the same fields, the same order, the same encodings.
enum ChainJSON {
    static let emptyUnclesHash = "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347"
    static let emptyTrieRoot = "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421"
    static let emptyRequestsHash = "0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    static let zeroAddress = "0x0000000000000000000000000000000000000000"
    static let zeroHash = "0x0000000000000000000000000000000000000000000000000000000000000000"
    static let gasLimit: UInt64 = 30_000_000
    static let baseFee: UInt64 = 1_000_000_000
    static let gasPrice: UInt64 = 1_000_000_001

    static func quantity(_ value: UInt64) -> String { "\"" + Hex.encodeQuantity(value) + "\"" }

    /// A log as `eth_getLogs` and `logs` subscriptions return it, in ChainKit's geth-exact encoding.
    static func log(_ log: Log, removed: Bool = false) -> String {
        var log = log
        log.removed = removed
        return log.json.serialized()
    }

    /// A `newHeads` payload (geth's `gen_header_json.go` order; fields of later forks the block lacks are null).
    static func header(_ block: ChainBlock) -> String {
        var object = ObjectText()
        object.quoted("parentHash", block.parentHash.description)
        object.quoted("sha3Uncles", emptyUnclesHash)
        object.quoted("miner", zeroAddress)
        object.quoted("stateRoot", block.stateRoot.description)
        object.quoted("transactionsRoot", block.transactionsRoot.description)
        object.quoted("receiptsRoot", block.receiptsRoot.description)
        object.quoted("logsBloom", Hex.encode(block.logsBloom.bytes))
        object.quoted("difficulty", "0x0")
        object.quoted("number", Hex.encodeQuantity(block.number))
        object.quoted("gasLimit", Hex.encodeQuantity(gasLimit))
        object.quoted("gasUsed", Hex.encodeQuantity(block.gasUsed))
        object.quoted("timestamp", Hex.encodeQuantity(block.timestamp))
        object.quoted("extraData", "0x")
        object.quoted("mixHash", zeroHash)
        object.quoted("nonce", "0x0000000000000000")
        object.quoted("baseFeePerGas", Hex.encodeQuantity(baseFee))
        object.quoted("withdrawalsRoot", emptyTrieRoot)
        object.quoted("blobGasUsed", "0x0")
        object.quoted("excessBlobGas", "0x0")
        object.quoted("parentBeaconBlockRoot", zeroHash)
        object.quoted("requestsHash", emptyRequestsHash)
        object.raw("blockAccessListHash", "null")
        object.raw("slotNumber", "null")
        object.quoted("hash", block.hash.description)
        return object.finish()
    }

    /// A block as `eth_getBlockByNumber`/`ByHash` return it (alphabetical, as geth's map marshals it).
    static func block(_ block: ChainBlock, fullTransactions: Bool, chainID: UInt64) -> String {
        var object = ObjectText()
        object.quoted("baseFeePerGas", Hex.encodeQuantity(baseFee))
        object.quoted("blobGasUsed", "0x0")
        object.quoted("difficulty", "0x0")
        object.quoted("excessBlobGas", "0x0")
        object.quoted("extraData", "0x")
        object.quoted("gasLimit", Hex.encodeQuantity(gasLimit))
        object.quoted("gasUsed", Hex.encodeQuantity(block.gasUsed))
        object.quoted("hash", block.hash.description)
        object.quoted("logsBloom", Hex.encode(block.logsBloom.bytes))
        object.quoted("miner", zeroAddress)
        object.quoted("mixHash", zeroHash)
        object.quoted("nonce", "0x0000000000000000")
        object.quoted("number", Hex.encodeQuantity(block.number))
        object.quoted("parentBeaconBlockRoot", zeroHash)
        object.quoted("parentHash", block.parentHash.description)
        object.quoted("receiptsRoot", block.receiptsRoot.description)
        object.quoted("requestsHash", emptyRequestsHash)
        object.quoted("sha3Uncles", emptyUnclesHash)
        object.quoted("size", Hex.encodeQuantity(size(of: block)))
        object.quoted("stateRoot", block.stateRoot.description)
        object.quoted("timestamp", Hex.encodeQuantity(block.timestamp))
        let transactions = block.transactions.enumerated().map { index, transaction in
            fullTransactions
                ? self.transaction(transaction, index: index, in: block, chainID: chainID)
                : "\"\(transaction.hash.description)\""
        }
        object.raw("transactions", "[" + transactions.joined(separator: ",") + "]")
        object.quoted("transactionsRoot", block.transactionsRoot.description)
        object.raw("uncles", "[]")
        object.raw("withdrawals", "[]")
        object.quoted("withdrawalsRoot", emptyTrieRoot)
        return object.finish()
    }

    /// A legacy EIP-155 transaction object (the shape of the fixtures' type 0x0 transactions).
    static func transaction(_ transaction: ChainTransaction, index: Int, in block: ChainBlock, chainID: UInt64)
        -> String
    {
        var object = ObjectText()
        object.quoted("blockHash", block.hash.description)
        object.quoted("blockNumber", Hex.encodeQuantity(block.number))
        object.quoted("blockTimestamp", Hex.encodeQuantity(block.timestamp))
        object.quoted("from", transaction.from.description)
        object.quoted("gas", Hex.encodeQuantity(transaction.gasUsed + 10_000))
        object.quoted("gasPrice", Hex.encodeQuantity(gasPrice))
        object.quoted("hash", transaction.hash.description)
        object.quoted("input", Hex.encode(transaction.input))
        object.quoted("nonce", Hex.encodeQuantity(transaction.nonce))
        object.quoted("to", transaction.to.description)
        object.quoted("transactionIndex", Hex.encodeQuantity(UInt64(index)))
        object.quoted("value", "0x0")
        object.quoted("type", "0x0")
        object.quoted("chainId", Hex.encodeQuantity(chainID))
        // Signature values are not real (the dev chain has no keys) but have the right form: v per EIP-155.
        object.quoted("v", Hex.encodeQuantity(chainID &* 2 &+ 35))
        let r = Keccak256.hash(transaction.hash.bytes)
        let s = Keccak256.hash(r.bytes)
        object.quoted("r", UInt256(bigEndian: r.bytes)!.hexQuantity)
        object.quoted("s", UInt256(bigEndian: s.bytes)!.hexQuantity)
        return object.finish()
    }

    /// A receipt as `eth_getTransactionReceipt` returns it.
    static func receipt(index: Int, in block: ChainBlock) -> String {
        let transaction = block.transactions[index]
        let cumulative = block.transactions.prefix(index + 1).reduce(0) { $0 + $1.gasUsed }
        let logs = block.logs.filter { $0.transactionIndex == UInt64(index) }
        var bloom = LogsBloom()
        for log in transaction.logs { bloom.add(log) }
        var object = ObjectText()
        object.quoted("blockHash", block.hash.description)
        object.quoted("blockNumber", Hex.encodeQuantity(block.number))
        object.raw("contractAddress", "null")
        object.quoted("cumulativeGasUsed", Hex.encodeQuantity(cumulative))
        object.quoted("effectiveGasPrice", Hex.encodeQuantity(gasPrice))
        object.quoted("from", transaction.from.description)
        object.quoted("gasUsed", Hex.encodeQuantity(transaction.gasUsed))
        object.raw("logs", "[" + logs.map { log($0) }.joined(separator: ",") + "]")
        object.quoted("logsBloom", Hex.encode(bloom.bytes))
        object.quoted("status", "0x1")
        object.quoted("to", transaction.to.description)
        object.quoted("transactionHash", transaction.hash.description)
        object.quoted("transactionIndex", Hex.encodeQuantity(UInt64(index)))
        object.quoted("type", "0x0")
        return object.finish()
    }

    /// The RLP size a real node would report, approximated from the content (a plausible, stable number).
    private static func size(of block: ChainBlock) -> UInt64 {
        UInt64(600 + block.transactions.reduce(0) { $0 + 110 + $1.input.count })
    }
}
