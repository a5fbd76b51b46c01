import ChainKit
import Testing

@testable import Ingestor

/// The pure pieces: reconnect pauses and the canonical window.
@Suite struct BackoffAndWindowTests {
    @Test func reconnectPausesGrowButNeverPassThirtySeconds() {
        var backoff = ReconnectBackoff(initial: .milliseconds(250), maximum: .seconds(30))
        var pauses: [Duration] = []
        for _ in 0..<40 { pauses.append(backoff.next()) }
        #expect(pauses.allSatisfy { $0 <= .seconds(30) && $0 > .zero })
        // Jitter: the capped pauses are not all the same.
        #expect(Set(pauses.suffix(20)).count > 1)
        #expect(pauses.suffix(20).contains { $0 > .seconds(10) })
        backoff.reset()
        #expect(backoff.next() <= .milliseconds(250))
    }

    @Test func theWindowKeepsItsSizeAndForgetsTheOldest() {
        var window = CanonicalWindow(size: 128)
        for number in UInt64(1)...300 { window.append(number: number, hash: Hash32.zero) }
        #expect(window.hashes.count == 128)
        #expect(window.lowest == 173)
        #expect(window[172] == nil && window[300] != nil)
    }

    @Test func blocksSkippedByADeepCatchUpLeaveTheWindowToo() {
        var window = CanonicalWindow(size: 128)
        for number in UInt64(1)...10 { window.append(number: number, hash: Hash32.zero) }
        window.append(number: 100, hash: Hash32.zero)
        #expect(window.hashes.keys.sorted() == Array(1...10) + [100])
        window.append(number: 133, hash: Hash32.zero)
        #expect(window.hashes.keys.sorted() == [6, 7, 8, 9, 10, 100, 133])
        window.append(number: 1000, hash: Hash32.zero)
        #expect(window.hashes.keys.sorted() == [1000])
        // After a reorg took the newest blocks back, appending again forgets nothing still in the window.
        window.append(number: 1001, hash: Hash32.zero)
        window.remove(number: 1001)
        window.append(number: 1001, hash: Hash32.zero)
        #expect(window.hashes.keys.sorted() == [1000, 1001])
    }

    @Test func theWalkStopsAtTheNewestBlockTheWindowAgreesWith() throws {
        var window = CanonicalWindow(size: 128)
        for number in UInt64(10)...20 { window.append(number: number, hash: Self.hash(number, branch: 0)) }
        // A block of another branch at 18 whose parent is our 17: the ancestor is 17.
        #expect(window.step(from: try Self.header(18, branch: 1, parentBranch: 0), cursor: 20) == .ancestor(17))
        // Its parent is also of the other branch: keep walking by hash.
        let fork = try Self.header(18, branch: 1, parentBranch: 1)
        #expect(window.step(from: fork, cursor: 20) == .parent(Self.hash(17, branch: 1)))
        // Above the cursor the window knows nothing yet: keep walking.
        #expect(
            window.step(from: try Self.header(25, branch: 1, parentBranch: 1), cursor: 20)
                == .parent(Self.hash(24, branch: 1)))
        // Below the window's oldest block: deeper than the window.
        #expect(window.step(from: try Self.header(10, branch: 1, parentBranch: 1), cursor: 20) == .belowWindow)
    }

    private static func hash(_ number: UInt64, branch: UInt64) -> Hash32 {
        Keccak256.hash(Array("block \(number) branch \(branch)".utf8))
    }

    /// A header with the given identity; the other fields are zeros, as the walk never reads them.
    private static func header(_ number: UInt64, branch: UInt64, parentBranch: UInt64) throws -> BlockHeader {
        let zero = Hash32.zero.description
        let json: JSONValue = [
            "parentHash": .string(hash(number - 1, branch: parentBranch).description), "sha3Uncles": .string(zero),
            "miner": "0x0000000000000000000000000000000000000000", "stateRoot": .string(zero),
            "transactionsRoot": .string(zero), "receiptsRoot": .string(zero),
            "logsBloom": .string("0x" + String(repeating: "00", count: 256)), "difficulty": "0x0",
            "number": .string(Hex.encodeQuantity(number)), "gasLimit": "0x0", "gasUsed": "0x0", "timestamp": "0x0",
            "extraData": "0x", "mixHash": .string(zero), "nonce": "0x0000000000000000",
            "hash": .string(hash(number, branch: branch).description),
        ]
        return try BlockHeader(json: json)
    }
}
