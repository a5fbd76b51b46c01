import ChainKit
import Foundation
import Pipeline
import Testing

@Suite struct StreamEntryTests {
    static let log = Log(
        address: try! Address(hex: "0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2"),
        topics: [
            try! Hash32(hex: "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"),
            try! Hash32(hex: "0x0000000000000000000000001111111111111111111111111111111111111111"),
        ],
        data: [0x00, 0x01, 0xff],
        blockNumber: 18_000_000,
        blockHash: try! Hash32(hex: "0x" + String(repeating: "ab", count: 32)),
        blockTimestamp: 1_696_800_000,
        transactionHash: try! Hash32(hex: "0x" + String(repeating: "cd", count: 32)),
        transactionIndex: 12,
        logIndex: 45,
        removed: false
    )

    static func pairs(_ fields: [String]) -> [(String, String)] {
        stride(from: 0, to: fields.count, by: 2).map { (fields[$0], fields[$0 + 1]) }
    }

    @Test(arguments: [
        StreamEntry(kind: .log, chainID: 1, log: log),
        StreamEntry(kind: .removed, chainID: 10, log: log),
        StreamEntry(kind: .replay, chainID: 1, log: log, replay: .init(id: "r1", endpoint: nil)),
        StreamEntry(kind: .replay, chainID: 1, log: log, replay: .init(id: "r2", endpoint: UUID())),
    ])
    func fieldsRoundTrip(entry: StreamEntry) throws {
        #expect(try StreamEntry(fields: Self.pairs(entry.fields)) == entry)
    }

    @Test func removedEntriesCarryRemovedLogs() throws {
        let entry = StreamEntry(kind: .removed, chainID: 1, log: Self.log)
        #expect(entry.log.removed)
        #expect(try StreamEntry(fields: Self.pairs(entry.fields)).log.removed)
    }

    @Test func anonymousLogWithoutTopicsRoundTrips() throws {
        var log = Self.log
        log.topics = []
        log.data = []
        let entry = StreamEntry(kind: .log, chainID: 1, log: log)
        let fields = Self.pairs(entry.fields)
        #expect(fields.first { $0.0 == "topics" }?.1 == "")
        #expect(try StreamEntry(fields: fields) == entry)
    }

    /// Fields are matched by name, not position (position is only the fast path), and a repeated name's last value
    /// counts.
    @Test func fieldsInAnyOrderAndRepeatedNamesParse() throws {
        let entry = StreamEntry(kind: .replay, chainID: 1, log: Self.log, replay: .init(id: "r3", endpoint: UUID()))
        let pairs = Self.pairs(entry.fields)
        #expect(try StreamEntry(fields: pairs.reversed()) == entry)
        #expect(try StreamEntry(fields: [("future", "x")] + pairs) == entry)
        #expect(try StreamEntry(fields: [("chain", "7")] + pairs).chainID == 1)
        #expect(try StreamEntry(fields: pairs + [("chain", "7")]).chainID == 7)
    }

    @Test func unknownFieldsAreIgnored() throws {
        let entry = StreamEntry(kind: .log, chainID: 1, log: Self.log)
        #expect(try StreamEntry(fields: Self.pairs(entry.fields) + [("future", "x")]) == entry)
    }

    @Test(arguments: [
        "kind", "chain", "block", "blockHash", "blockTime", "tx", "txIndex", "logIndex", "address",
        "topics", "data",
    ])
    func aMissingFieldIsNamed(field: String) {
        let pairs = Self.pairs(StreamEntry(kind: .log, chainID: 1, log: Self.log).fields).filter { $0.0 != field }
        #expect(throws: StreamEntryError(field: field, problem: "missing")) { try StreamEntry(fields: pairs) }
    }

    @Test(arguments: [
        ("kind", "added"), ("chain", "-1"), ("block", "0x10"), ("blockHash", "0x1234"), ("address", "0xzz"),
        ("topics", "0x01,0x02"), ("data", "0x0"), ("logIndex", ""),
    ])
    func aMalformedFieldIsNamed(field: String, value: String) {
        let pairs = Self.pairs(StreamEntry(kind: .log, chainID: 1, log: Self.log).fields).map {
            $0.0 == field ? ($0.0, value) : $0
        }
        #expect {
            try StreamEntry(fields: pairs)
        } throws: { error in
            (error as? StreamEntryError)?.field == field
        }
    }

    @Test func fiveTopicsAreRefused() {
        let topic = Self.log.topics[0].description
        let pairs = Self.pairs(StreamEntry(kind: .log, chainID: 1, log: Self.log).fields).map {
            $0.0 == "topics" ? ($0.0, Array(repeating: topic, count: 5).joined(separator: ",")) : $0
        }
        #expect(throws: StreamEntryError.self) { try StreamEntry(fields: pairs) }
    }

    @Test func aReplayEntryNeedsItsReplayID() {
        let pairs = Self.pairs(StreamEntry(kind: .log, chainID: 1, log: Self.log).fields).map {
            $0.0 == "kind" ? ($0.0, "replay") : $0
        }
        #expect(throws: StreamEntryError(field: "replay", problem: "missing")) { try StreamEntry(fields: pairs) }
    }
}
