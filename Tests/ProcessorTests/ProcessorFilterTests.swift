import ChainKit
import Foundation
import Pipeline
import Processor
import Store
import Testing

/// `eth_getLogs` filter semantics through the whole path: the cases ChainKit's `LogFilterTests` checks on
/// `LogFilter` alone, each as an endpoint in PostgreSQL and an entry in the stream (one chain per case keeps them
/// apart).
@Suite(.timeLimit(.minutes(5))) struct ProcessorFilterTests {
    static let a = StreamEntries.hash(0xA1)
    static let b = StreamEntries.hash(0xB2)
    static let c = StreamEntries.hash(0xC3)
    static let x = StreamEntries.address(0x11)
    static let y = StreamEntries.address(0x22)

    struct Case: Sendable {
        let name: String
        let filter: LogFilter
        let topics: [Hash32]
        let expected: Bool
    }

    static let cases: [Case] = [
        Case(name: "empty filter matches anything", filter: LogFilter(), topics: [a, b], expected: true),
        Case(name: "empty filter matches LOG0", filter: LogFilter(), topics: [], expected: true),
        Case(name: "address listed", filter: LogFilter(addresses: [x]), topics: [a], expected: true),
        Case(name: "address not listed", filter: LogFilter(addresses: [y]), topics: [a], expected: false),
        Case(name: "address any of several", filter: LogFilter(addresses: [y, x]), topics: [a], expected: true),
        Case(name: "topic0 exact", filter: LogFilter(topics: [[a]]), topics: [a, b], expected: true),
        Case(name: "topic0 differs", filter: LogFilter(topics: [[b]]), topics: [a, b], expected: false),
        Case(name: "topic0 any of", filter: LogFilter(topics: [[c, a]]), topics: [a, b], expected: true),
        Case(name: "wildcard then exact", filter: LogFilter(topics: [[], [b]]), topics: [a, b], expected: true),
        Case(name: "wildcard then wrong", filter: LogFilter(topics: [[], [a]]), topics: [a, b], expected: false),
        Case(name: "both positions", filter: LogFilter(topics: [[a], [b]]), topics: [a, b], expected: true),
        Case(name: "second position wrong", filter: LogFilter(topics: [[a], [c]]), topics: [a, b], expected: false),
        Case(name: "shorter filter, longer log", filter: LogFilter(topics: [[a]]), topics: [a, b, c], expected: true),
        Case(
            name: "trailing wildcard within length", filter: LogFilter(topics: [[a], []]), topics: [a, b],
            expected: true),
        Case(
            name: "more positions than topics never match", filter: LogFilter(topics: [[a], [b], []]), topics: [a, b],
            expected: false),
        Case(name: "a wildcard position needs a topic", filter: LogFilter(topics: [[]]), topics: [], expected: false),
        Case(
            name: "address and topics must both hold", filter: LogFilter(addresses: [y], topics: [[a]]), topics: [a],
            expected: false),
        Case(
            name: "fourth position", filter: LogFilter(topics: [[], [], [], [c]]), topics: [a, b, a, c], expected: true),
    ]

    @Test func everyCaseMatchesAsEthGetLogsDoes() async throws {
        try await ProcessorHarness.with { harness in
            var endpoints: [UUID: Int] = [:]
            for (position, testCase) in Self.cases.enumerated() {
                let endpoint = try await harness.addEndpoint(chainID: UInt64(position + 1), filter: testCase.filter)
                endpoints[endpoint.id] = position
            }
            let running = try await harness.startProcessor()
            try await harness.append(
                Self.cases.enumerated().map { position, testCase in
                    StreamEntries.entry(
                        StreamEntries.log(address: Self.x, topics: testCase.topics), chainID: UInt64(position + 1))
                })
            try await harness.waitUntil("entries processed") {
                running.processor.statistics.entries == Self.cases.count
            }
            await running.stop()
            let matched = Set(try await harness.jobs().compactMap { endpoints[$0.endpointID] })
            for (position, testCase) in Self.cases.enumerated() {
                #expect(matched.contains(position) == testCase.expected, "\(testCase.name)")
            }
        }
    }
}
