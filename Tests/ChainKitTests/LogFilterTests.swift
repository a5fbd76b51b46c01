import Foundation
import Testing

@testable import ChainKit

/// `eth_getLogs` semantics, case by case (geth's `filterLogs` and `FilterCriteria.UnmarshalJSON`).
@Suite struct LogFilterTests {
    static func hash(_ byte: UInt8) -> Hash32 { Hash32(bytes: [UInt8](repeating: byte, count: 32))! }
    static func address(_ byte: UInt8) -> Address { Address(bytes: [UInt8](repeating: byte, count: 20))! }

    static let a = hash(0xA1)
    static let b = hash(0xB2)
    static let c = hash(0xC3)
    static let x = address(0x11)
    static let y = address(0x22)

    static func log(address: Address = x, topics: [Hash32]) -> Log {
        Log(
            address: address, topics: topics, data: [], blockNumber: 7, blockHash: hash(0x07),
            blockTimestamp: nil, transactionHash: hash(0x70), transactionIndex: 0, logIndex: 0, removed: false
        )
    }

    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let filter: LogFilter
        let topics: [Hash32]
        let expected: Bool
        var testDescription: String { name }
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
        Case(
            name: "shorter filter matches longer log", filter: LogFilter(topics: [[a]]), topics: [a, b, c],
            expected: true),
        Case(
            name: "trailing wildcard within length", filter: LogFilter(topics: [[a], []]), topics: [a, b],
            expected: true),
        Case(
            name: "more positions than topics never match, even wildcards",
            filter: LogFilter(topics: [[a], [b], []]), topics: [a, b], expected: false
        ),
        Case(
            name: "a wildcard position needs a topic there", filter: LogFilter(topics: [[]]), topics: [],
            expected: false),
        Case(
            name: "address and topics must both hold",
            filter: LogFilter(addresses: [y], topics: [[a]]), topics: [a], expected: false
        ),
        Case(
            name: "fourth position", filter: LogFilter(topics: [[], [], [], [c]]), topics: [a, b, a, c], expected: true),
    ]

    @Test(arguments: cases)
    func semantics(testCase: Case) {
        #expect(testCase.filter.matches(Self.log(topics: testCase.topics)) == testCase.expected)
    }

    static func parse(_ text: String) throws -> LogFilter {
        try LogFilter(json: JSONValue.parse(text))
    }

    @Test func parsesGethFilterObjects() throws {
        let (a, b, x, y) = (Self.a, Self.b, Self.x, Self.y)
        #expect(try Self.parse("{}") == LogFilter())
        #expect(try Self.parse(#"{"address":null,"topics":null}"#) == LogFilter())
        #expect(try Self.parse(#"{"address":"\#(x)"}"#) == LogFilter(addresses: [x]))
        #expect(try Self.parse(#"{"address":["\#(x)","\#(y)"]}"#) == LogFilter(addresses: [x, y]))
        #expect(try Self.parse(#"{"topics":["\#(a)"]}"#) == LogFilter(topics: [[a]]))
        #expect(try Self.parse(#"{"topics":["\#(a)",null,"\#(b)"]}"#) == LogFilter(topics: [[a], [], [b]]))
        #expect(try Self.parse(#"{"topics":[["\#(a)","\#(b)"],[]]}"#) == LogFilter(topics: [[a, b], []]))
        // geth's TestFilterCriteria: a null among alternatives makes the whole position a wildcard.
        #expect(try Self.parse(#"{"topics":[["\#(a)",null],[null,"\#(b)"]]}"#) == LogFilter(topics: [[], []]))
        // Upper-case hex is accepted, as by geth's hexutil.
        #expect(try Self.parse(#"{"address":"\#(x.checksummed)"}"#) == LogFilter(addresses: [x]))
    }

    @Test func refusesWhatGethRefuses() throws {
        func code(_ text: String) -> RPCDecodingError.Code? {
            do {
                _ = try Self.parse(text)
                return nil
            } catch let error as RPCDecodingError {
                return error.code
            } catch {
                return nil
            }
        }
        let a = Self.a
        #expect(code(#"{"topics":["\#(a)","\#(a)","\#(a)","\#(a)","\#(a)"]}"#) == .invalidValue)
        #expect(code(#"{"topics":[1]}"#) == .wrongType)
        #expect(code(#"{"topics":[[1]]}"#) == .wrongType)
        #expect(code(#"{"topics":["0x1234"]}"#) == .invalidHex)
        #expect(code(#"{"address":"0x1234"}"#) == .invalidHex)
        #expect(code(#"{"address":5}"#) == .wrongType)
        #expect(code(#"[]"#) == .wrongType)
    }

    @Test func jsonRoundTrips() throws {
        let filter = LogFilter(addresses: [Self.x, Self.y], topics: [[Self.a], [], [Self.b, Self.c]])
        #expect(try LogFilter(json: JSONValue.parse(filter.json.serialized())) == filter)
        #expect(LogFilter().json == .object([]))
    }
}

/// The parameter of `eth_getLogs`, checked against the recorded exchanges.
@Suite struct LogQueryTests {
    static func query(_ exchange: RecordedExchange) throws -> LogQuery {
        let request = try RPCRequest(json: JSONValue.parse(exchange.request))
        return try LogQuery(json: try #require(request.params?[0]))
    }

    @Test(arguments: try RecordedExchange.all("eth_getLogs"))
    func everyLogGethReturnedMatchesTheQuery(exchange: RecordedExchange) throws {
        let response = try Log.decodeGetLogsResponse(Array(exchange.response.utf8))
        guard case .success(let logs) = response.result else {
            // The error cases: only the blockHash-with-range one is for the client to catch.
            if exchange.file.hasSuffix("invalid-blockHash-and-range.io") {
                #expect(throws: RPCDecodingError.self) { try Self.query(exchange) }
            }
            return
        }
        let query = try Self.query(exchange)
        for log in logs { #expect(query.matches(log)) }
    }

    @Test(arguments: try RecordedExchange.all("eth_getLogs"))
    func queriesRoundTrip(exchange: RecordedExchange) throws {
        guard let query = try? Self.query(exchange) else { return }
        #expect(try LogQuery(json: JSONValue.parse(query.json.serialized())) == query)
        let request = query.request(id: 1)
        // Written like the recorded request, except that `[]` wildcards come back as null.
        let expected = exchange.request.replacingOccurrences(of: "[[],", with: "[null,")
        #expect(request.serialized() == expected)
    }

    @Test func topicWildcardsAgreeOnRecordedData() throws {
        // topic-wildcard ([] at position 0) and topic-null-wildcard (null) are the same query, with the same answer.
        let empty = try RecordedExchange(file: "rpc/execution-apis/eth_getLogs/topic-wildcard.io")
        let null = try RecordedExchange(file: "rpc/execution-apis/eth_getLogs/topic-null-wildcard.io")
        #expect(try Self.query(empty) == Self.query(null))
        #expect(empty.response == null.response)
    }

    @Test func blockRangeBoundsAreInclusive() throws {
        let query = LogQuery(filter: LogFilter(), blocks: .range(from: .number(5), to: .number(7)))
        func log(_ number: UInt64) -> Log {
            var log = LogFilterTests.log(topics: [])
            log.blockNumber = number
            return log
        }
        #expect([4, 5, 6, 7, 8].map { query.matches(log($0)) } == [false, true, true, true, false])
        let latest = LogQuery(filter: LogFilter(), blocks: .range(from: .latest, to: nil))
        #expect(latest.json.serialized() == #"{"fromBlock":"latest"}"#)
    }
}
