import Testing

@testable import ChainKit

@Suite struct FilterIndexTests {
    /// Small pools so that random filters and logs collide often.
    struct Pools {
        let addresses: [Address]
        let hashes: [Hash32]

        init(random: inout SeededGenerator) {
            addresses = (0..<6).map { _ in Address(bytes: random.bytes(20))! }
            hashes = (0..<6).map { _ in Hash32(bytes: random.bytes(32))! }
        }

        func filter(_ random: inout SeededGenerator) -> LogFilter {
            let addressCount = [0, 0, 1, 1, 2, 3].randomElement(using: &random)!
            let positions = Int.random(in: 0...4, using: &random)
            return LogFilter(
                addresses: (0..<addressCount).map { _ in addresses.randomElement(using: &random)! },
                topics: (0..<positions).map { _ in
                    (0..<[0, 0, 1, 1, 2].randomElement(using: &random)!).map { _ in
                        hashes.randomElement(using: &random)!
                    }
                }
            )
        }

        func log(_ random: inout SeededGenerator) -> Log {
            LogFilterTests.log(
                address: addresses.randomElement(using: &random)!,
                topics: (0..<Int.random(in: 0...4, using: &random)).map { _ in hashes.randomElement(using: &random)! }
            )
        }
    }

    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func agreesWithCheckingEveryFilter(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        let pools = Pools(random: &random)
        var index = FilterIndex<Int>()
        var all: [Int: LogFilter] = [:]
        for id in 0..<300 {
            let filter = pools.filter(&random)
            index.insert(filter, for: id)
            all[id] = filter
        }
        // Replace and remove some, so the buckets are exercised after changes too.
        for _ in 0..<100 {
            let id = Int.random(in: 0..<300, using: &random)
            if Bool.random(using: &random) {
                index.remove(id)
                all[id] = nil
            } else {
                let filter = pools.filter(&random)
                index.insert(filter, for: id)
                all[id] = filter
            }
        }
        #expect(index.count == all.count)
        var matched = 0
        for _ in 0..<2_000 {
            let log = pools.log(&random)
            let found = index.matches(log)
            let expected = Set(all.filter { $0.value.matches(log) }.keys)
            #expect(found.count == Set(found).count, "an id was reported twice")
            #expect(Set(found) == expected)
            matched += found.count
        }
        #expect(matched > 0)
    }

    @Test func removingAndReplacing() {
        let (a, b, x) = (LogFilterTests.a, LogFilterTests.b, LogFilterTests.x)
        var index = FilterIndex<String>()
        index.insert(LogFilter(addresses: [x]), for: "by-address")
        index.insert(LogFilter(topics: [[], [b]]), for: "by-topic1")
        index.insert(LogFilter(), for: "everything")
        let log = LogFilterTests.log(address: x, topics: [a, b])
        #expect(Set(index.matches(log)) == ["by-address", "by-topic1", "everything"])
        #expect(index.remove("everything") == LogFilter())
        #expect(index.remove("everything") == nil)
        index.insert(LogFilter(addresses: [LogFilterTests.y]), for: "by-address")
        #expect(index.matches(log) == ["by-topic1"])
        #expect(index["by-address"] == LogFilter(addresses: [LogFilterTests.y]))
        #expect(index.count == 2)
    }

    @Test func duplicateCriteriaReportOnce() {
        let (a, x) = (LogFilterTests.a, LogFilterTests.x)
        var index = FilterIndex<Int>()
        index.insert(LogFilter(addresses: [x, x], topics: [[a, a]]), for: 1)
        index.insert(LogFilter(topics: [[a, a]]), for: 2)
        #expect(index.matches(LogFilterTests.log(address: x, topics: [a, a])).sorted() == [1, 2])
    }
}
