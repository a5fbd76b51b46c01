import ChainKit
import Testing

@testable import DevChain

@Suite struct ChainTests {
    private func chain(seed: UInt64 = 7, logsPerBlock: Int = 20) -> Chain {
        Chain(configuration: .init(chainID: 31_337, logsPerBlock: logsPerBlock, seed: seed, secondsPerBlock: 12))
    }

    @Test func blocksLinkByParentHashAndNumberLogsAsANodeDoes() {
        var chain = chain()
        for _ in 0..<5 { chain.mine() }
        #expect(chain.head.number == 5)
        for number in 1...5 {
            let block = chain.block(number: UInt64(number))!
            #expect(block.parentHash == chain.block(number: UInt64(number - 1))!.hash)
            #expect(block.timestamp == 1_700_000_000 + UInt64(number) * 12)
            #expect(block.logs.count == 20)
            #expect(block.logs.map(\.logIndex) == Array(0..<20))
            // transactionIndex is the emitting transaction's position, and never decreases within a block.
            let positions = block.logs.map(\.transactionIndex)
            #expect(positions == positions.sorted())
            for log in block.logs {
                #expect(block.transactions[Int(log.transactionIndex)].hash == log.transactionHash)
                #expect(log.blockHash == block.hash && log.blockNumber == block.number)
            }
        }
    }

    @Test func equalSeedsGiveEqualChainsAndOtherSeedsDiffer() {
        var first = chain(seed: 1)
        var second = chain(seed: 1)
        var other = chain(seed: 2)
        for _ in 0..<3 {
            first.mine()
            second.mine()
            other.mine()
        }
        #expect(first.head.hash == second.head.hash)
        #expect(first.head.hash != other.head.hash)
    }

    @Test func workloadEmitsTransfersSwapsAndNFTTransfers() {
        var chain = chain(logsPerBlock: 200)
        chain.mine()
        let topic0s = Set(chain.head.logs.compactMap(\.topics.first))
        #expect(topic0s.contains(WorkloadEvents.transfer.topic0))
        #expect(topic0s.contains(WorkloadEvents.swap.topic0))
        #expect(topic0s.contains(WorkloadEvents.sync.topic0))
        // ERC-721 transfers share topic0 with ERC-20's but carry 4 topics and no data.
        #expect(chain.head.logs.contains { $0.topics.count == 4 && $0.data.isEmpty })
        #expect(chain.head.logs.contains { $0.topics.count == 3 && $0.data.count == 32 })
    }

    @Test func reorgReplacesTheTailWithALongerBranch() throws {
        var chain = chain()
        for _ in 0..<10 { chain.mine() }
        let oldHead = chain.head
        let oldTail = (8...10).map { chain.block(number: UInt64($0))! }
        let reorg = try chain.reorg(depth: 3)

        #expect(reorg.orphaned.map(\.hash) == oldTail.map(\.hash))
        #expect(reorg.adopted.count == 4)
        #expect(chain.head.number == 11)
        #expect(chain.block(number: 7)!.hash == reorg.adopted[0].parentHash)
        for number in 8...10 { #expect(chain.block(number: UInt64(number))!.hash != oldTail[number - 8].hash) }

        // Orphaned blocks stay reachable by hash, as in a real node's database.
        #expect(chain.block(hash: oldHead.hash)?.number == 10)

        // Some orphaned transactions were included again (their logs moved), others vanished.
        let oldTransactions = Set(oldTail.flatMap(\.transactions).map(\.hash))
        let newTransactions = Set(reorg.adopted.flatMap(\.transactions).map(\.hash))
        let moved = oldTransactions.intersection(newTransactions)
        #expect(!moved.isEmpty)
        #expect(moved.count < oldTransactions.count)
        for hash in moved { #expect(chain.transaction(hash: hash)!.block.number >= 8) }
        for hash in oldTransactions.subtracting(moved) { #expect(chain.transaction(hash: hash) == nil) }
    }

    @Test(arguments: [0, 11, -1])
    func reorgDeeperThanTheChainOrEmptyIsRefused(depth: Int) {
        var chain = chain()
        for _ in 0..<10 { chain.mine() }
        #expect(throws: RPCFailure.self) { try chain.reorg(depth: depth) }
        #expect(chain.head.number == 10)
    }

    @Test func emittedLogsLandFirstInTheNextBlock() throws {
        var chain = chain()
        let address = try Address(hex: "0x00000000000000000000000000000000000000aa")
        let topic = try Hash32(hex: "0x" + String(repeating: "ab", count: 32))
        chain.emit([LogTemplate(address: address, topics: [topic], data: [1, 2, 3])])
        chain.mine()
        let first = chain.head.logs[0]
        #expect(first.address == address && first.topics == [topic] && first.data == [1, 2, 3])
        #expect(chain.head.logs.count == 21)
        chain.mine()
        #expect(!chain.head.logs.contains { $0.address == address })
    }

    @Test func bloomHasTheBitsOfEveryAddressAndTopic() {
        var chain = chain()
        chain.mine()
        let bloom = chain.head.logsBloom
        for log in chain.head.logs {
            var single = LogsBloom()
            single.add(LogTemplate(address: log.address, topics: log.topics, data: log.data))
            #expect(zip(single.bytes, bloom.bytes).allSatisfy { $0 & $1 == $0 })
        }
    }
}
