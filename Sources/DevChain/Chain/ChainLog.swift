import ChainKit

/// A log as the dev chain stores it: the fields `eth_getLogs` returns, `removed` aside.
struct ChainLog: Sendable, Equatable {
    var address: Address
    var topics: [Hash32]
    var data: [UInt8]
    var blockNumber: UInt64
    var blockHash: Hash32
    var blockTimestamp: UInt64
    var transactionHash: Hash32
    var transactionIndex: UInt64
    var logIndex: UInt64
}

/// What a transaction emits before it lands in a block (no block position yet).
struct LogTemplate: Sendable, Equatable {
    var address: Address
    var topics: [Hash32]
    var data: [UInt8]
}
