import Foundation
import Testing

@testable import Delivery

/// The chain event an attempt records, read from the body the Processor renders (CONTRACT.md, "The webhook").
@Suite struct AttemptEventTests {
    static let hash = "0x" + String(repeating: "ab", count: 32)

    static func body(chainID: String = "1", blockNumber: String = "18000000", logIndex: String = "45") -> String {
        #"{"type":"evm.log","timestamp":"2026-11-22T10:00:00Z","data":{"chainId":"# + chainID
            + #","blockNumber":"# + blockNumber + #","blockHash":""# + hash + #"","blockTimestamp":1696800000,"#
            + #""transactionHash":""# + hash + #"","transactionIndex":12,"logIndex":"# + logIndex
            + #","address":"0x0000000000000000000000000000000000000001","topics":[],"data":"0x","removed":false,"#
            + #""decoded":{"name":"X","signature":"X()","args":{"logIndex":"7","chainId":"9"}}}}"#
    }

    @Test func readsChainBlockAndLogIndex() throws {
        let event = try #require(AttemptEvent(body: Self.body()))
        #expect(event.chainID == 1)
        #expect(event.blockNumber == 18_000_000)
        #expect(event.blockHash == Self.hash)
        #expect(event.logIndex == 45)
    }

    @Test func readsABodyWithSpacesAfterTheColons() throws {
        let spaced = Self.body().replacingOccurrences(of: "\":", with: "\": ")
        #expect(AttemptEvent(body: spaced) == AttemptEvent(body: Self.body()))
        #expect(AttemptEvent(body: spaced) != nil)
    }

    @Test func readsNumbersAboveTwoToThe53WrittenAsStrings() throws {
        let event = try #require(AttemptEvent(body: Self.body(chainID: #""18446744073709551615""#)))
        #expect(event.chainID == UInt64.max)
    }

    @Test(arguments: ["", "not json", #"{"type":"evm.log"}"#, body(blockNumber: "\"x\""), body(logIndex: "-1")])
    func anotherShapeGivesNothing(body: String) {
        #expect(AttemptEvent(body: body) == nil)
    }

    @Test func aNumberTooLargeGivesNothing() {
        #expect(AttemptEvent(body: Self.body(chainID: "99999999999999999999")) == nil)
    }
}
