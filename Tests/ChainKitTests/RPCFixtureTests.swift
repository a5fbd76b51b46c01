import Foundation
import Testing

@testable import ChainKit

/// Every recorded geth exchange decodes into the typed objects and re-encodes to the very same text.
@Suite struct RPCFixtureTests {
    /// Decodes the response line and re-encodes it after passing its result through `transcode`.
    static func roundTrip(
        _ exchange: RecordedExchange,
        _ transcode: (JSONValue) throws -> JSONValue
    ) throws -> String {
        let message = try RPCIncomingMessage.decode(Array(exchange.response.utf8))
        guard case .response(var response) = message else {
            Issue.record("\(exchange.file): not a single response")
            return ""
        }
        if case .result(let value) = response.outcome {
            response.outcome = .result(try transcode(value))
        }
        return response.json.serialized()
    }

    @Test func everyMethodFolderHasFixtures() throws {
        #expect(try RecordedExchange.all("eth_getLogs").count == 9)
        #expect(try RecordedExchange.all("eth_getBlockByNumber").count == 10)
        #expect(try RecordedExchange.all("eth_getBlockByHash").count == 3)
    }

    @Test(
        arguments: try ["eth_getLogs", "eth_getBlockByNumber", "eth_getBlockByHash", "eth_blockNumber", "eth_chainId"]
            .flatMap(RecordedExchange.all))
    func requestsRoundTripExactly(exchange: RecordedExchange) throws {
        let request = try RPCRequest(json: JSONValue.parse(exchange.request))
        #expect(request.serialized() == exchange.request)
        #expect(request.id == 1)
    }

    @Test(arguments: try RecordedExchange.all("eth_getLogs"))
    func getLogsResponsesRoundTripExactly(exchange: RecordedExchange) throws {
        let text = try Self.roundTrip(exchange) { result in
            .array(try Log.list(json: result).map(\.json))
        }
        #expect(text == exchange.response)
        #expect(try RecordedExchange.sameValues(text, exchange.response))
    }

    @Test(arguments: try RecordedExchange.all("eth_getLogs"))
    func getLogsFastPathAgreesWithTreeDecoder(exchange: RecordedExchange) throws {
        let fast = try Log.decodeGetLogsResponse(Array(exchange.response.utf8))
        let tree = try RPCResponse(json: JSONValue.parse(exchange.response))
        #expect(fast.id == tree.id)
        switch (fast.result, tree.outcome) {
        case (.success(let logs), .result(let value)): #expect(logs == (try Log.list(json: value)))
        case (.failure(let error), .error(let expected)): #expect(error == expected)
        default: Issue.record("\(exchange.file): fast path and tree decoder disagree")
        }
    }

    @Test func getLogsValuesAreRead() throws {
        let exchange = try RecordedExchange(file: "rpc/execution-apis/eth_getLogs/topic-exact-match.io")
        let response = try Log.decodeGetLogsResponse(Array(exchange.response.utf8))
        let logs = try response.result.get()
        #expect(logs.count == 1)
        let log = try #require(logs.first)
        #expect(log.address.description == "0x7dcd17433742f4c0ca53122ab541d0ba67fc27df")
        #expect(log.topics.count == 2)
        #expect(log.data == [UInt8](repeating: 0, count: 31) + [1])
        #expect(log.blockNumber == 4)
        #expect(log.blockTimestamp == 0x28)
        #expect(log.transactionIndex == 1)
        #expect(log.logIndex == 0)
        #expect(!log.removed)
    }

    @Test func getLogsErrorsKeepGethWords() throws {
        let exchange = try RecordedExchange(file: "rpc/execution-apis/eth_getLogs/filter-error-reversed-block-range.io")
        let response = try Log.decodeGetLogsResponse(Array(exchange.response.utf8))
        guard case .failure(let error) = response.result else {
            Issue.record("expected an error")
            return
        }
        #expect(error.code == -32602)
        #expect(error.message == "invalid block range params")
    }

    @Test(arguments: try RecordedExchange.all("eth_getBlockByNumber") + RecordedExchange.all("eth_getBlockByHash"))
    func blockResponsesRoundTripExactly(exchange: RecordedExchange) throws {
        let text = try Self.roundTrip(exchange) { result in
            guard result != .null else { return .null }
            let block = try Block(json: result)
            // Every member the fixtures hold is modelled: nothing rides along untyped.
            #expect(block.otherFields.isEmpty, "\(block.otherFields.map(\.key))")
            return block.json
        }
        #expect(text == exchange.response)
    }

    @Test func blockForkFieldsFollowTheForks() throws {
        func block(_ name: String) throws -> Block {
            let exchange = try RecordedExchange(file: "rpc/execution-apis/eth_getBlockByNumber/\(name).io")
            let response = try RPCResponse(json: JSONValue.parse(exchange.response))
            return try Block(json: try response.result())
        }
        let genesis = try block("get-genesis")
        #expect(genesis.header.number == 0)
        #expect(genesis.header.baseFeePerGas == nil)
        #expect(genesis.header.difficulty == UInt256(0x20000))
        #expect(genesis.transactions == .hashes([]))
        let london = try block("get-block-london-fork")
        #expect(london.header.baseFeePerGas != nil)
        #expect(london.header.withdrawalsRoot == nil)
        let prague = try block("get-block-prague-fork")
        #expect(prague.header.number == 0x2d)
        #expect(prague.header.blobGasUsed == 0x20000)
        #expect(prague.header.requestsHash != nil)
        #expect(prague.withdrawals == [])
        guard case .hashes(let hashes) = prague.transactions else {
            Issue.record("expected hashes")
            return
        }
        #expect(hashes.count == 6)
        let latest = try block("get-latest")
        guard case .objects(let objects) = latest.transactions else {
            Issue.record("expected full transactions")
            return
        }
        #expect(!objects.isEmpty)
    }

    @Test(arguments: try RecordedExchange.all("eth_blockNumber") + RecordedExchange.all("eth_chainId"))
    func quantityResponsesRoundTripExactly(exchange: RecordedExchange) throws {
        let text = try Self.roundTrip(exchange) { result in
            .quantity(try result.decodeQuantity(at: "result"))
        }
        #expect(text == exchange.response)
    }

    @Test func chainIdIsTheTestChains() throws {
        let exchange = try RecordedExchange(file: "rpc/execution-apis/eth_chainId/get-chain-id.io")
        let response = try RPCResponse(json: JSONValue.parse(exchange.response))
        #expect(try response.result().decodeQuantity(at: "result") == 3_503_995_874_084_926)
    }
}
