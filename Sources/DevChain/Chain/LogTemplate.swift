import ChainKit

/// What a transaction emits before it lands in a block (no block position yet).
struct LogTemplate: Sendable, Equatable {
    var address: Address
    var topics: [Hash32]
    var data: [UInt8]
}
