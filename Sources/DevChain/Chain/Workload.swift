import ChainKit

/// Generates the dev chain's traffic: ERC-20 `Transfer`s over K tokens, ERC-721 `Transfer`s and Uniswap V2 swaps
/// (`Transfer` + `Sync` + `Swap` in one transaction, as a real pair emits them), from a fixed cast of accounts.
struct Workload: Sendable {
    let chainID: UInt64
    let tokens: [Address]
    let collections: [Address]
    let pairs: [Address]
    let users: [Address]
    /// The sender of logs emitted on request (`devchain_emitLogs`).
    let emitter: Address
    private var nonces: [Address: UInt64] = [:]

    init(chainID: UInt64, tokenCount: Int) {
        self.chainID = chainID
        tokens = (0..<max(1, tokenCount)).map { Self.account("token", $0) }
        collections = (0..<2).map { Self.account("collection", $0) }
        pairs = (0..<2).map { Self.account("pair", $0) }
        users = (0..<64).map { Self.account("user", $0) }
        emitter = Self.account("emitter", 0)
    }

    /// Transactions whose logs add up to exactly `logCount`.
    mutating func transactions(logCount: Int, using random: inout SplitMix64) -> [ChainTransaction] {
        var transactions: [ChainTransaction] = []
        var remaining = logCount
        while remaining > 0 {
            let roll = random.next() % 10
            let sender = users[Int(random.next() % UInt64(users.count))]
            let transaction: ChainTransaction
            if roll < 2 && remaining >= 3 {
                transaction = swap(by: sender, using: &random)
            } else if roll < 4 {
                transaction = nftTransfer(by: sender, using: &random)
            } else {
                transaction = tokenTransfer(by: sender, using: &random)
            }
            remaining -= transaction.logs.count
            transactions.append(transaction)
        }
        return transactions
    }

    /// Wraps a log emitted on request in a transaction of its own.
    mutating func emitterTransaction(for log: LogTemplate) -> ChainTransaction {
        transaction(from: emitter, to: log.address, input: log.data, logs: [log])
    }

    private mutating func tokenTransfer(by sender: Address, using random: inout SplitMix64) -> ChainTransaction {
        let token = tokens[Int(random.next() % UInt64(tokens.count))]
        let recipient = users[Int(random.next() % UInt64(users.count))]
        let value = UInt256(random.next() % 1_000_000_000_000_000_000)  // up to one token of 18 decimals
        let log = WorkloadEvents.erc20Transfer(token: token, from: sender, to: recipient, value: value)
        return transaction(from: sender, to: token, input: log.data, logs: [log])
    }

    private mutating func nftTransfer(by sender: Address, using random: inout SplitMix64) -> ChainTransaction {
        let collection = collections[Int(random.next() % UInt64(collections.count))]
        let recipient = users[Int(random.next() % UInt64(users.count))]
        let tokenID = UInt256(random.next() % 10_000)
        let log = WorkloadEvents.erc721Transfer(collection: collection, from: sender, to: recipient, tokenID: tokenID)
        return transaction(from: sender, to: collection, input: tokenID.bigEndianBytes, logs: [log])
    }

    private mutating func swap(by sender: Address, using random: inout SplitMix64) -> ChainTransaction {
        let index = Int(random.next() % UInt64(pairs.count))
        let pair = pairs[index]
        let tokenOut = tokens[index % tokens.count]
        let amountIn = UInt256(random.next() % 1_000_000_000_000)
        let amountOut = UInt256(random.next() % 1_000_000_000_000)
        let reserve0 = UInt256(random.next() >> 8)
        let reserve1 = UInt256(random.next() >> 8)
        let logs = [
            WorkloadEvents.erc20Transfer(token: tokenOut, from: pair, to: sender, value: amountOut),
            WorkloadEvents.sync(pair: pair, reserve0: reserve0, reserve1: reserve1),
            WorkloadEvents.swap(pair: pair, sender: sender, amount0In: amountIn, amount1Out: amountOut, to: sender),
        ]
        return transaction(from: sender, to: pair, input: amountIn.bigEndianBytes, logs: logs)
    }

    private mutating func transaction(
        from sender: Address, to recipient: Address, input: [UInt8], logs: [LogTemplate]
    ) -> ChainTransaction {
        let nonce = nonces[sender, default: 0]
        nonces[sender] = nonce + 1
        let hash = ChainTransaction.hash(chainID: chainID, from: sender, to: recipient, nonce: nonce, input: input)
        return ChainTransaction(hash: hash, from: sender, to: recipient, nonce: nonce, input: input, logs: logs)
    }

    /// A stable, distinct address per role and index: the last 20 bytes of keccak256("evmhook-devchain/role/i").
    static func account(_ role: String, _ index: Int) -> Address {
        Address(bytes: Keccak256.hash(Array("evmhook-devchain/\(role)/\(index)".utf8)).bytes.suffix(20))!
    }
}
