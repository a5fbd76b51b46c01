import ChainKit
import Foundation
import Pipeline

/// Stream entries for tests, built from a few bytes.
enum StreamEntries {
    static func hash(_ byte: UInt8) -> Hash32 { Hash32(bytes: [UInt8](repeating: byte, count: 32))! }
    static func address(_ byte: UInt8) -> Address { Address(bytes: [UInt8](repeating: byte, count: 20))! }

    /// A word holding `address` (an indexed address topic).
    static func topic(_ address: Address) -> Hash32 { Hash32(bytes: [UInt8](repeating: 0, count: 12) + address.bytes)! }

    static func log(
        address: Address = address(0x11), topics: [Hash32], data: [UInt8] = [], block: UInt64 = 100,
        blockHash: Hash32? = nil, logIndex: UInt64 = 0, timestamp: UInt64 = 1_696_800_000
    ) -> Log {
        var hashBytes = [UInt8](repeating: 0xB0, count: 24)
        withUnsafeBytes(of: block.bigEndian) { hashBytes += $0 }
        return Log(
            address: address, topics: topics, data: data, blockNumber: block,
            blockHash: blockHash ?? Hash32(bytes: hashBytes)!, blockTimestamp: timestamp,
            transactionHash: hash(0x70), transactionIndex: 3, logIndex: logIndex, removed: false)
    }

    static func entry(_ log: Log, chainID: UInt64 = 1, kind: StreamEntry.Kind = .log, replay: StreamEntry.Replay? = nil)
        -> StreamEntry
    {
        StreamEntry(kind: kind, chainID: chainID, log: log, replay: replay)
    }
}
